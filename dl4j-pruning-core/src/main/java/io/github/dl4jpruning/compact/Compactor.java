package io.github.dl4jpruning.compact;

import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.graph.GraphNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a structurally pruned network into a new, physically smaller one, through the network's
 * {@link DependencyGraph}: every dead unit of every structured group (a neuron, a filter, an LSTM hidden unit) is
 * removed from every parameter slice the group owns: the producers' outputs, BatchNormalization's gamma, beta and
 * running statistics, the input rows or channels of every consumer, across flattens, residual adds
 * ({@code ElementWiseVertex}: the branches lose the same channels) and concatenations ({@code MergeVertex}: each
 * consumer loses the channels at their offsets). Layer sizes follow the sliced parameters. Output layers keep every
 * output. The original network is never modified; the compacted one computes the same outputs (up to float rounding)
 * and can be trained further with {@code fit} (its updater state starts afresh; its configuration, including the
 * updater, seed and epoch counter, is a clone of the original's).
 *
 * <p>A unit is dead when every weight that reads it is zero (what pruning at {@code Granularity.NEURONS} writes), or
 * when its incoming weights and bias are zero and its activation of 0 is 0 (ReLU, tanh...) or can be folded into the
 * next dense layers' biases. Groups the graph cannot prune (they go through an unsupported layer or vertex) are left
 * as they are; if such a group has dead units, compaction fails naming it.
 *
 * <p>Supported: every layer and vertex the dependency graph supports (Dense, Output, Conv1D/2D, Deconvolution2D,
 * Depthwise and Separable convolutions, BatchNormalization, LSTM, GravesLSTM, SimpleRnn, embeddings, parameter-free
 * layers, Merge/ElementWise/Subset/Scale/Shift/Preprocessor vertices), in a {@code MultiLayerNetwork} or a
 * {@code ComputationGraph}. Not through {@code LocalResponseNormalization}: it normalises each channel by a window of
 * neighbouring channels, so removing a channel changes the outputs of the channels after it; the groups that reach
 * an LRN are left whole, and a network in which one of them was pruned is refused, naming the LRN.
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
     * @param model an initialised {@code MultiLayerNetwork} or {@code ComputationGraph}; not modified
     * @throws IllegalArgumentException for a model of another type; a group with dead units that the graph cannot
     *                                  prune, naming it and the layer or vertex in the way; a network with
     *                                  convolutions or recurrent layers but no input type (needed to count their
     *                                  MACs); {@code dropUnusedInputs} on a network whose first layer is not dense
     * @throws IllegalStateException    if the network is not initialised
     */
    public CompactionResult compact(Model model) {
        if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
            throw new IllegalArgumentException("model must be a MultiLayerNetwork or a ComputationGraph, got "
                    + (model == null ? "null" : model.getClass().getName()));
        }
        DependencyGraph graph = graphOf(model);
        requireKnownUses(graph);
        CompactionPlan plan = CompactionPlan.of(model, graph);
        int[] inputIndexMap = InputColumns.plan(model, graph, plan, dropUnusedInputs);
        Model network = NetworkRebuilder.build(model, plan.cuts);
        DependencyGraph after = graphOf(network);
        List<LayerCompaction> layers = new ArrayList<>();
        long pBefore = 0;
        long pAfter = 0;
        long mBefore = 0;
        long mAfter = 0;
        for (GraphNode n : graph.nodes()) {
            if (Layers.param(model, n.name(), "W") == null) {
                continue;
            }
            LayerCompaction lc = LayerCompaction.of(n, after.node(n.name()), Layers.layer(model, n.name()),
                    Layers.layer(network, n.name()), plan.removedOutputs.getOrDefault(n.name(), List.of()));
            layers.add(lc);
            pBefore += lc.parametersBefore();
            pAfter += lc.parametersAfter();
            mBefore += lc.macsBefore();
            mAfter += lc.macsAfter();
        }
        CompactionResult result = new CompactionResult(network, layers, inputIndexMap, pBefore, pAfter, mBefore,
                mAfter);
        log.info("compacted network: {} of hidden neurons/filters removed, parameters {} -> {}, MACs {} -> {}",
                String.format(Locale.ROOT, "%.1f%%", 100 * result.removedFraction()), pBefore, pAfter, mBefore,
                mAfter);
        return result;
    }

    private DependencyGraph graphOf(Model model) {
        return inputType == null ? DependencyGraph.of(model) : DependencyGraph.of(model, inputType);
    }

    /** Without an input type a convolution's or recurrent layer's uses per inference are unknown (0). */
    private void requireKnownUses(DependencyGraph graph) {
        if (inputType != null) {
            return;
        }
        for (GraphNode n : graph.nodes()) {
            if (n.kind().hasPrunableWeights() && n.usesPerInference() == 0) {
                throw new IllegalArgumentException("layer '" + n.name() + "' (" + n.className() + ") has weights "
                        + "used a number of times per inference that depends on the input: give the network's input "
                        + "type, e.g. Compactor.builder().inputType(InputType.convolutional(28, 28, 1)), so its MACs "
                        + "can be counted");
            }
        }
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
