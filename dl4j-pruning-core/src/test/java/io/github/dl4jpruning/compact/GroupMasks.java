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
 * layer reads its values in ({@link Layouts}: a Conv1D's W).
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
            long[] view = net.getParam(s.fullKey()).shape();
            org.deeplearning4j.nn.conf.layers.Layer conf = Layers.conf(net, s.layer());
            long[] layout = Layouts.layout(conf, s.paramKey(), view);
            int dim = Layouts.dim(conf, s, view);
            for (int u : units) {
                if (s.covers(u)) {
                    zero(v, layout, dim, s.indices(u));
                }
            }
        }
        flat.forEach((k, v) -> {
            INDArray p = net.getParam(k);
            p.assign(Nd4j.create(v, p.shape(), 'c').castTo(p.dataType()));
        });
    }

    private static void zero(double[] flat, long[] shape, int dim, int[] indices) {
        long inner = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        long outer = flat.length / (inner * shape[dim]);
        for (long o = 0; o < outer; o++) {
            for (int i : indices) {
                long base = (o * shape[dim] + i) * inner;
                for (long k = 0; k < inner; k++) {
                    flat[(int) (base + k)] = 0;
                }
            }
        }
    }
}
