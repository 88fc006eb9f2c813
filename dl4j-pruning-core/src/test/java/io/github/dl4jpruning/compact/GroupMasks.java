package io.github.dl4jpruning.compact;

import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.graph.ParamSlice;
import io.github.dl4jpruning.graph.PruningGroup;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes into a network what a group pruner writes for pruned units: zero in every maskable slice of the group
 * (producer outputs, BN gamma and beta, consumer inputs), running statistics left as they are; along the layout the
 * layer reads its values in (each slice's {@code layout()}: a Conv1D's W differs from its view).
 */
final class GroupMasks {

    private GroupMasks() {
    }

    /** Zeroes units {@code units} of the group {@code id} in the live parameters. */
    static void prune(Model net, DependencyGraph graph, String id, int... units) {
        PruningGroup g = graph.group(id).orElseThrow(() -> new IllegalArgumentException("no group " + id + " in "
                + graph.groups().stream().map(PruningGroup::id).toList()));
        Map<String, double[]> flat = new HashMap<>();
        for (ParamSlice s : g.slices()) {
            if (!s.maskable()) {
                continue;
            }
            double[] v = flat.computeIfAbsent(s.fullKey(),
                    k -> Nd4j.toFlattened('c', net.getParam(k)).toDoubleVector());
            for (int u : units) {
                if (s.covers(u)) {
                    s.zeroUnit(v, u);
                }
            }
        }
        flat.forEach((k, v) -> {
            INDArray p = net.getParam(k);
            p.assign(Nd4j.create(v, p.shape(), 'c').castTo(p.dataType()));
        });
    }
}
