package io.github.dl4jpruning.compact;

import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.graph.GraphNode;
import io.github.dl4jpruning.graph.NodeKind;
import io.github.dl4jpruning.graph.ParamSlice;
import io.github.dl4jpruning.graph.PruningGroup;
import io.github.dl4jpruning.graph.SliceRole;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Units whose producer slices are zero: their output is the constant {@code f(0)} of the producer's activation. Such a
 * unit can go when that constant is 0, or when every layer that reads it is a dense (output) layer fed directly by the
 * producer, with a bias to absorb {@code f(0) * W[row, o]}. Only single-producer groups without per-channel
 * parameters (no BatchNormalization, which would turn the constant into another) qualify.
 */
final class ConstantFold {
    private static final Logger log = LoggerFactory.getLogger(ConstantFold.class);

    private final Model model;
    private final DependencyGraph graph;
    private final CompactionPlan values;
    private final Map<String, Double> constants = new HashMap<>();

    ConstantFold(Model model, DependencyGraph graph, CompactionPlan values) {
        this.model = model;
        this.graph = graph;
        this.values = values;
    }

    /** Whether unit {@code u}'s producer slices are zero and its constant output can be dropped or folded. */
    boolean removable(PruningGroup g, int u) {
        if (g.producers().size() != 1 || !g.slices(SliceRole.PER_CHANNEL).isEmpty()) {
            return false;
        }
        String producer = g.producers().get(0);
        if (!values.allZero(g.slices(SliceRole.PRODUCER_OUTPUT), u)) {
            return false;
        }
        for (ParamSlice s : g.slices(SliceRole.CONSUMER_INPUT)) {
            if (!graph.node(s.layer()).inputs().equals(List.of(producer))) {
                return false;
            }
        }
        double c = constant(producer);
        if (c == 0) {
            return true;
        }
        if (Double.isNaN(c)) {
            return false;
        }
        for (ParamSlice s : g.slices(SliceRole.CONSUMER_INPUT)) {
            GraphNode n = graph.node(s.layer());
            boolean dense = n.kind() == NodeKind.DENSE || n.kind() == NodeKind.OUTPUT;
            if (!dense || !s.paramKey().equals("W") || s.shape().length != 2 || s.dim() != 0
                    || Layers.param(model, s.layer(), "b") == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds {@code f(0) * W[rows of u, o]} to every consumer's bias, if the constant is not 0 and some consumer still
     * reads it. A unit whose consumer input slices are all zero (what a group pruner writes) contributes nothing to any
     * consumer, whatever its type: there is nothing to fold, and its consumers need not be dense layers with a bias.
     */
    void foldIfNeeded(PruningGroup g, int u) {
        if (g.producers().size() != 1 || values.allZero(g.slices(SliceRole.CONSUMER_INPUT), u)) {
            return;
        }
        String producer = g.producers().get(0);
        double c = constant(producer);
        List<ParamSlice> producerSlices = g.slices(SliceRole.PRODUCER_OUTPUT);
        if (c == 0 || Double.isNaN(c) || !values.allZero(producerSlices, u)) {
            return;
        }
        for (ParamSlice s : g.slices(SliceRole.CONSUMER_INPUT)) {
            double[] w = values.values(s.fullKey());
            int nOut = Math.toIntExact(s.shape()[1]);
            double[] b = values.cuts.replacement(s.layer(), "b", Layers.param(model, s.layer(), "b"));
            for (int r : s.indices(u)) {
                for (int o = 0; o < nOut; o++) {
                    b[o] += c * w[r * nOut + o];
                }
            }
        }
        log.debug("folded the constant output {} of unit {} of '{}' into the biases of its readers", c, u, producer);
    }

    private double constant(String producer) {
        return constants.computeIfAbsent(producer, p -> {
            org.deeplearning4j.nn.conf.layers.Layer conf = Layers.conf(model, p);
            if (!(conf instanceof BaseLayer base) || base.getActivationFn() == null) {
                return Double.NaN;
            }
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                return base.getActivationFn().getActivation(Nd4j.scalar(DataType.DOUBLE, 0.0).reshape(1, 1), false)
                        .getDouble(0);
            }
        });
    }
}
