package io.github.dl4jpruning.compact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a structurally pruned network into a new, physically smaller one: dead neurons of dense layers and dead
 * filters of 2D convolutions are removed, the surviving weights and biases copied, and the next layer's {@code nIn}
 * shrunk (through a flatten, a filter's {@code H * W} block of rows). Output layers keep every output. The original
 * network is never modified, and the compacted one computes the same outputs (up to float rounding) and can be
 * trained further with {@code fit} (its updater state starts afresh; its configuration, including the updater,
 * seed and epoch counter, is a clone of the original's).
 *
 * <p>A neuron is dead when all the weights that read it in the next dense/convolution layer are zero, or when its
 * incoming weights and bias are zero and its activation of 0 is 0 (ReLU, tanh...) or can be folded into the next
 * dense layer's bias. Prune with {@code Granularity.NEURONS} to create such neurons.
 *
 * <p>Supported: a {@code MultiLayerNetwork}, or a {@code ComputationGraph} whose layers form one chain, made of
 * {@code DenseLayer}, {@code OutputLayer}, {@code ConvolutionLayer}, {@code SubsamplingLayer}, {@code ActivationLayer},
 * {@code DropoutLayer}, and {@code BatchNormalization} where the channel count does not change. Anything else is
 * rejected with an {@code IllegalArgumentException} before anything is built.
 *
 * <pre>{@code
 * CompactionResult r = Compactor.builder().inputType(InputType.feedForward(784)).build().compact(prunedNet);
 * MultiLayerNetwork small = (MultiLayerNetwork) r.network();
 * log.info("neurons removed: {}, MACs {} -> {}", r.removedFraction(), r.macsBefore(), r.macsAfter());
 * }</pre>
 */
public final class Compactor {
    private static final Logger log = LoggerFactory.getLogger(Compactor.class);

    private final boolean dropUnusedInputs;
    private final InputType inputType;

    private Compactor(Builder b) {
        this.dropUnusedInputs = b.dropUnusedInputs;
        this.inputType = b.inputType;
    }

    /** A builder: by default inputs are kept and no input type is known. */
    public static Builder builder() {
        return new Builder();
    }

    /** Compacts with the defaults; for networks with convolutions use the builder and give the input type. */
    public static CompactionResult compactNetwork(Model model) {
        return builder().build().compact(model);
    }

    /**
     * Builds the compacted network.
     *
     * @param model an initialised {@code MultiLayerNetwork} or chain-shaped {@code ComputationGraph}; not modified
     * @throws IllegalArgumentException for an unsupported layer, vertex or preprocessor, naming it; or a network with
     *                                  convolutions but no input type (needed to count their MACs)
     */
    public CompactionResult compact(Model model) {
        LayerChain chain = LayerChain.of(model);
        CompactionPlan plan = CompactionPlan.of(chain, dropUnusedInputs);
        long[] uses = usesPerInference(chain);
        Model network = NetworkRebuilder.build(chain, plan);
        List<LayerCompaction> layers = new ArrayList<>();
        long pBefore = 0;
        long pAfter = 0;
        long mBefore = 0;
        long mAfter = 0;
        for (int i = 0; i < plan.rewrites.size(); i++) {
            NodeRewrite r = plan.rewrites.get(i);
            if (!r.node.role.prunable()) {
                continue;
            }
            ChainNode n = r.node;
            long ka = n.kernelArea();
            long wBefore = n.nIn() * n.nOut() * ka;
            long wAfter = r.newNIn * r.newNOut * ka;
            long bias = n.bias() == null ? 0 : 1;
            LayerCompaction lc = new LayerCompaction(n.name, n.conf.getClass().getSimpleName(), n.nOut(), r.newNOut,
                    n.nIn(), r.newNIn, r.keptOut.clone(), wBefore + bias * n.nOut(), wAfter + bias * r.newNOut,
                    wBefore * uses[i], wAfter * uses[i]);
            layers.add(lc);
            pBefore += lc.parametersBefore();
            pAfter += lc.parametersAfter();
            mBefore += lc.macsBefore();
            mAfter += lc.macsAfter();
        }
        CompactionResult result = new CompactionResult(network, layers, plan.inputIndexMap, pBefore, pAfter, mBefore,
                mAfter);
        log.info("compacted network: {} of hidden neurons/filters removed, parameters {} -> {}, MACs {} -> {}",
                String.format(java.util.Locale.ROOT, "%.1f%%", 100 * result.removedFraction()), pBefore, pAfter,
                mBefore, mAfter);
        return result;
    }

    /** Per chain node, how often each weight is used per inference ({@code H_out * W_out} for convolutions). */
    private long[] usesPerInference(LayerChain chain) {
        long[] uses = new long[chain.nodes.size()];
        java.util.Arrays.fill(uses, 1);
        boolean anyConv = chain.nodes.stream().anyMatch(n -> n.role == NodeRole.CONV);
        if (!anyConv) {
            return uses;
        }
        if (inputType == null) {
            throw new IllegalArgumentException("the network has convolution layers: give its input type, e.g. "
                    + "Compactor.builder().inputType(InputType.convolutional(28, 28, 1)), so their MACs can be counted");
        }
        for (int i = 0; i < uses.length; i++) {
            if (chain.nodes.get(i).role != NodeRole.CONV) {
                continue;
            }
            InputType out;
            if (chain.model instanceof MultiLayerNetwork net) {
                out = net.getLayerWiseConfigurations().getLayerActivationTypes(inputType).get(i);
            } else {
                Map<String, InputType> types = ((ComputationGraph) chain.model).getConfiguration()
                        .getLayerActivationTypes(inputType);
                out = types.get(chain.nodes.get(i).name);
            }
            if (!(out instanceof InputType.InputTypeConvolutional c)) {
                throw new IllegalArgumentException("input type " + inputType + " gives convolution '"
                        + chain.nodes.get(i).name + "' the output type " + out + "; expected a convolutional type");
            }
            uses[i] = c.getHeight() * c.getWidth();
        }
        return uses;
    }

    /** Builder for {@link Compactor}. */
    public static final class Builder {
        private boolean dropUnusedInputs;
        private InputType inputType;

        /**
         * Also drop input features that no surviving weight of the first (dense) layer reads; the caller must then
         * apply {@link CompactionResult#inputIndexMap()} to every input. Default false.
         */
        public Builder dropUnusedInputs(boolean drop) {
            this.dropUnusedInputs = drop;
            return this;
        }

        /** The network's input type; required for networks with convolutions, to count their MACs. */
        public Builder inputType(InputType type) {
            this.inputType = type;
            return this;
        }

        public Compactor build() {
            return new Compactor(this);
        }
    }
}
