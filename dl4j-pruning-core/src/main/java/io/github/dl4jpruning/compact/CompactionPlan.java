package io.github.dl4jpruning.compact;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, layer by layer in chain order, which neurons and filters survive and computes the new parameters. Works
 * on copies only; every check that can fail runs here, before any network is built.
 *
 * <p>A neuron (filter) {@code j} of a hidden dense (convolution) layer is removed when every weight of the next
 * prunable layer that reads it is zero, or when its incoming weights (from surviving inputs) and its bias are zero and
 * its constant output {@code f(0)} is either zero or can be folded into the next dense layer's bias.
 */
final class CompactionPlan {
    private static final Logger log = LoggerFactory.getLogger(CompactionPlan.class);

    final List<NodeRewrite> rewrites = new ArrayList<>();
    int[] inputIndexMap;

    static CompactionPlan of(LayerChain chain, boolean dropUnusedInputs) {
        CompactionPlan plan = new CompactionPlan();
        for (ChainNode n : chain.nodes) {
            plan.rewrites.add(new NodeRewrite(n));
        }
        plan.build(dropUnusedInputs);
        return plan;
    }

    private void build(boolean dropUnusedInputs) {
        List<Integer> prunable = new ArrayList<>();
        for (int i = 0; i < rewrites.size(); i++) {
            if (rewrites.get(i).node.role.prunable()) {
                prunable.add(i);
            }
        }
        if (prunable.isEmpty()) {
            throw new IllegalArgumentException("nothing to compact: the network has no DenseLayer, OutputLayer or "
                    + "ConvolutionLayer");
        }
        int first = prunable.get(0);
        if (dropUnusedInputs) {
            ChainNode f = rewrites.get(first).node;
            if (first != 0 || f.role == NodeRole.CONV || f.preProcessor != null) {
                throw new IllegalArgumentException("dropUnusedInputs needs a network whose first layer is a dense layer "
                        + "without input preprocessor; layer '" + f.name + "' is a " + f.conf.getClass().getSimpleName()
                        + (f.preProcessor == null ? "" : " with preprocessor " + f.preProcessor.getClass().getSimpleName()));
            }
        }
        rewrites.get(first).keptIn = ParamSlicing.range(Math.toIntExact(rewrites.get(first).node.nIn()));
        for (int k = 0; k < prunable.size(); k++) {
            NodeRewrite l = rewrites.get(prunable.get(k));
            NodeRewrite s = k + 1 < prunable.size() ? rewrites.get(prunable.get(k + 1)) : null;
            int nOut = Math.toIntExact(l.node.nOut());
            if (s == null || l.node.role == NodeRole.OUTPUT) {
                l.keptOut = ParamSlicing.range(nOut);
            } else {
                decideOutputs(l, s, prunable.get(k), prunable.get(k + 1));
            }
            if (k == 0 && dropUnusedInputs) {
                l.keptIn = ParamSlicing.usedInputs(l);
            }
            if (k == 0) {
                inputIndexMap = l.keptIn.clone();
            }
            ParamSlicing.sliceParams(l);
        }
    }

    private void decideOutputs(NodeRewrite l, NodeRewrite s, int li, int si) {
        int nOut = Math.toIntExact(l.node.nOut());
        Flatten flatten = flattenBetween(l, s);
        double constant = constantOutput(l, li, si);
        boolean foldable = l.node.role == NodeRole.DENSE && s.node.role != NodeRole.CONV && si == li + 1
                && s.node.preProcessor == null && s.values.get("b") != null;
        boolean[] removed = new boolean[nOut];
        int removedCount = 0;
        for (int j = 0; j < nOut; j++) {
            boolean outgoingZero = outgoingZero(s, flatten, j, nOut);
            boolean incomingZero = incomingZero(l, j);
            removed[j] = outgoingZero || (incomingZero && (constant == 0 || foldable));
            if (removed[j]) {
                removedCount++;
            }
        }
        if (removedCount == nOut) {
            // A layer of width 0 is not a valid DL4J network; keep one (dead) neuron.
            removed[0] = false;
            log.warn("every neuron of layer '{}' is dead; keeping one so the network stays valid", l.node.name);
        }
        if (foldable && constant != 0) {
            foldIntoSuccessorBias(l, s, removed, constant);
        }
        List<Integer> kept = new ArrayList<>();
        for (int j = 0; j < nOut; j++) {
            if (!removed[j]) {
                kept.add(j);
            }
        }
        l.keptOut = kept.stream().mapToInt(Integer::intValue).toArray();
        if (l.keptOut.length != nOut) {
            checkChannelsMayChange(l, s, li, si);
        }
        s.keptIn = flatten == null ? l.keptOut.clone() : flatten.rowsOf(l.keptOut, nOut);
        if (flatten != null) {
            s.newPreProcessor = new CnnToFeedForwardPreProcessor(flatten.height, flatten.width, l.keptOut.length,
                    flatten.format);
        }
    }

    /** The flatten between a convolution and a dense layer, or {@code null} if both sides have the same units. */
    private Flatten flattenBetween(NodeRewrite l, NodeRewrite s) {
        boolean lConv = l.node.role == NodeRole.CONV;
        boolean sConv = s.node.role == NodeRole.CONV;
        if (lConv == sConv) {
            return null;
        }
        if (sConv) {
            throw new IllegalArgumentException("cannot compact dense layer '" + l.node.name + "' feeding convolution '"
                    + s.node.name + "'; supported: dense -> dense, conv -> conv, conv -> (pooling) -> dense");
        }
        if (!(s.node.preProcessor instanceof CnnToFeedForwardPreProcessor p)) {
            throw new IllegalArgumentException("cannot compact convolution '" + l.node.name + "' feeding dense layer '"
                    + s.node.name + "': expected a CnnToFeedForwardPreProcessor in front of '" + s.node.name
                    + "', found " + (s.node.preProcessor == null ? "none" : s.node.preProcessor.getClass().getSimpleName()));
        }
        if (p.getNumChannels() != l.node.nOut()) {
            throw new IllegalArgumentException("flatten in front of '" + s.node.name + "' has " + p.getNumChannels()
                    + " channels but convolution '" + l.node.name + "' has " + l.node.nOut() + " filters");
        }
        return new Flatten(p.getInputHeight(), p.getInputWidth(), p.getFormat());
    }

    /** The c-order flatten of {@code [C, H, W]} (NCHW) or {@code [H, W, C]} (NHWC) done by the preprocessor. */
    private record Flatten(long height, long width, CNN2DFormat format) {
        int area() {
            return Math.toIntExact(height * width);
        }

        int[] rowsOfChannel(int c, int channels) {
            int[] rows = new int[area()];
            for (int p = 0; p < rows.length; p++) {
                rows[p] = format == CNN2DFormat.NHWC ? p * channels + c : c * area() + p;
            }
            return rows;
        }

        /** The old rows, in the order of the new flatten with only {@code kept} channels. */
        int[] rowsOf(int[] kept, int channels) {
            int[] rows = new int[kept.length * area()];
            int n = 0;
            if (format == CNN2DFormat.NHWC) {
                for (int p = 0; p < area(); p++) {
                    for (int c : kept) {
                        rows[n++] = p * channels + c;
                    }
                }
            } else {
                for (int c : kept) {
                    for (int p = 0; p < area(); p++) {
                        rows[n++] = c * area() + p;
                    }
                }
            }
            return rows;
        }
    }

    private static boolean outgoingZero(NodeRewrite s, Flatten flatten, int j, int channels) {
        int[] rows = flatten == null ? new int[] {j} : flatten.rowsOfChannel(j, channels);
        double[] w = s.values.get("W");
        int sIn = Math.toIntExact(s.node.nIn());
        int sOut = Math.toIntExact(s.node.nOut());
        int ka = s.node.kernelArea();
        for (int r : rows) {
            for (int o = 0; o < sOut; o++) {
                for (int q = 0; q < ka; q++) {
                    if (w[index(s.node, r, o, q, sIn, sOut, ka)] != 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean incomingZero(NodeRewrite l, int j) {
        double[] b = l.values.get("b");
        if (b != null && b[j] != 0) {
            return false;
        }
        double[] w = l.values.get("W");
        int nIn = Math.toIntExact(l.node.nIn());
        int nOut = Math.toIntExact(l.node.nOut());
        int ka = l.node.kernelArea();
        for (int i : l.keptIn) {
            for (int q = 0; q < ka; q++) {
                if (w[index(l.node, i, j, q, nIn, nOut, ka)] != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Flat c-order index of the weight from input {@code i} (kernel position {@code q}) to output {@code o}. */
    private static int index(ChainNode n, int i, int o, int q, int nIn, int nOut, int ka) {
        return n.role == NodeRole.CONV ? (o * nIn + i) * ka + q : i * nOut + o;
    }

    /** What a neuron with zero input and zero bias feeds the next prunable layer: f(0) through activation layers. */
    private double constantOutput(NodeRewrite l, int li, int si) {
        double v = apply(((BaseLayer) l.node.conf).getActivationFn(), 0);
        for (int i = li + 1; i < si; i++) {
            if (rewrites.get(i).node.conf instanceof ActivationLayer a) {
                v = apply(a.getActivationFn(), v);
            }
        }
        return v;
    }

    private static double apply(IActivation fn, double x) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return fn.getActivation(Nd4j.scalar(DataType.DOUBLE, x).reshape(1, 1), false).getDouble(0);
        }
    }

    /** A removed neuron with a constant output c adds c * W_s[j, o] to every output o of the next dense layer. */
    private static void foldIntoSuccessorBias(NodeRewrite l, NodeRewrite s, boolean[] removed, double constant) {
        double[] w = s.values.get("W");
        double[] b = s.values.get("b");
        int sOut = Math.toIntExact(s.node.nOut());
        for (int j = 0; j < removed.length; j++) {
            if (removed[j]) {
                for (int o = 0; o < sOut; o++) {
                    b[o] += constant * w[j * sOut + o];
                }
            }
        }
        log.debug("folded the constant output {} of removed neurons of '{}' into the bias of '{}'", constant,
                l.node.name, s.node.name);
    }

    private void checkChannelsMayChange(NodeRewrite l, NodeRewrite s, int li, int si) {
        for (int i = li + 1; i <= si; i++) {
            ChainNode n = rewrites.get(i).node;
            if (i < si && n.role == NodeRole.BATCH_NORM) {
                throw new IllegalArgumentException("cannot compact: BatchNormalization layer '" + n.name
                        + "' sits between '" + l.node.name + "' and '" + s.node.name + "', whose channels would shrink "
                        + "from " + l.node.nOut() + " to " + l.keptOut.length + "; the Compactor supports "
                        + NodeRole.SUPPORTED);
            }
            InputPreProcessor p = n.preProcessor;
            if (p != null && !(i == si && p instanceof CnnToFeedForwardPreProcessor)) {
                throw new IllegalArgumentException("cannot compact: layer '" + n.name + "' has input preprocessor "
                        + p.getClass().getSimpleName() + " and the channels of '" + l.node.name + "' would shrink; "
                        + "supported: CnnToFeedForwardPreProcessor in front of the dense layer after a convolution");
            }
        }
    }
}
