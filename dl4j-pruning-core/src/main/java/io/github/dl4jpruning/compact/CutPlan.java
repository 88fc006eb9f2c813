package io.github.dl4jpruning.compact;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which indices to remove from which dimension of which parameter: the whole of compaction's array work, independent
 * of layer types. A pruned group contributes its slices ({@code layer, key, dimension, indices}); slicing then keeps,
 * along every dimension, the indices nobody removed, so one code path serves a dense column, a convolution's filter, a
 * BN channel's running variance, an LSTM's four gate columns or a flattened channel's block of rows.
 */
final class CutPlan {

    /** layer -> parameter key -> dimension -> indices to remove. */
    private final Map<String, Map<String, Map<Integer, TreeSet<Integer>>>> cuts = new LinkedHashMap<>();
    /** layer -> parameter key -> new c-order values (a bias that absorbed removed units' constant outputs). */
    private final Map<String, Map<String, double[]>> replaced = new LinkedHashMap<>();

    /** Marks {@code indices} of dimension {@code dim} of parameter {@code key} of {@code layer} for removal. */
    void remove(String layer, String key, int dim, int... indices) {
        TreeSet<Integer> set = cuts.computeIfAbsent(layer, l -> new LinkedHashMap<>())
                .computeIfAbsent(key, k -> new TreeMap<>())
                .computeIfAbsent(dim, d -> new TreeSet<>());
        for (int i : indices) {
            set.add(i);
        }
    }

    /**
     * The values that will replace parameter {@code key} of {@code layer} before slicing, c-order and mutable; on the
     * first call a copy of {@code live}.
     */
    double[] replacement(String layer, String key, INDArray live) {
        return replaced.computeIfAbsent(layer, l -> new LinkedHashMap<>()).computeIfAbsent(key, k -> {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                return Nd4j.toFlattened('c', live).toDoubleVector();
            }
        });
    }

    boolean isEmpty() {
        return cuts.isEmpty();
    }

    boolean touches(String layer) {
        return cuts.containsKey(layer);
    }

    /** The indices removed from a dimension of a parameter, ascending; empty if none. */
    int[] removed(String layer, String key, int dim) {
        TreeSet<Integer> s = cuts.getOrDefault(layer, Map.of()).getOrDefault(key, Map.of()).get(dim);
        return s == null ? new int[0] : s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The shape of {@code param} after the cuts. */
    long[] newShape(String layer, String key, long[] shape) {
        long[] out = shape.clone();
        Map<Integer, TreeSet<Integer>> dims = cuts.getOrDefault(layer, Map.of()).getOrDefault(key, Map.of());
        dims.forEach((d, s) -> out[d] -= s.size());
        return out;
    }

    /**
     * The c-order values of {@code param} (or of its replacement values) without the removed indices, the dimensions
     * being those of {@code layout} (the parameter's shape, or the layout its layer reads it in: {@link io.github.dl4jpruning.graph.ParamLayout}).
     *
     * @throws IllegalArgumentException if a cut names a dimension or index the layout does not have
     */
    double[] slice(String layer, String key, INDArray param, long[] layout) {
        Map<Integer, TreeSet<Integer>> dims = cuts.getOrDefault(layer, Map.of()).getOrDefault(key, Map.of());
        for (Integer d : dims.keySet()) {
            if (d < 0 || d >= layout.length) {
                throw new IllegalArgumentException("cut of parameter '" + key + "' of layer '" + layer
                        + "' names dimension " + d + "; its shape is " + Arrays.toString(layout));
            }
        }
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            double[] values = replaced.getOrDefault(layer, Map.of()).get(key);
            if (values == null) {
                values = Nd4j.toFlattened('c', param).toDoubleVector();
            }
            long[][] kept = new long[layout.length][];
            for (int d = 0; d < layout.length; d++) {
                TreeSet<Integer> gone = dims.get(d);
                kept[d] = gone == null ? all(layout[d]) : kept(layer, key, d, layout[d], gone);
            }
            return gather(values, layout, kept);
        }
    }

    /** The c-order elements at the cartesian product of the kept indices, in c order. */
    private static double[] gather(double[] values, long[] shape, long[][] kept) {
        int rank = shape.length;
        long n = 1;
        for (long[] k : kept) {
            n *= k.length;
        }
        double[] out = new double[Math.toIntExact(n)];
        if (n == 0) {
            return out;
        }
        long[] stride = new long[rank];
        long st = 1;
        for (int d = rank - 1; d >= 0; d--) {
            stride[d] = st;
            st *= shape[d];
        }
        int[] pos = new int[rank];
        for (int i = 0; i < out.length; i++) {
            long src = 0;
            for (int d = 0; d < rank; d++) {
                src += kept[d][pos[d]] * stride[d];
            }
            out[i] = values[Math.toIntExact(src)];
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < kept[d].length) {
                    break;
                }
                pos[d] = 0;
            }
        }
        return out;
    }

    private static long[] all(long size) {
        long[] r = new long[Math.toIntExact(size)];
        for (int i = 0; i < r.length; i++) {
            r[i] = i;
        }
        return r;
    }

    private static long[] kept(String layer, String key, int dim, long size, TreeSet<Integer> gone) {
        if (gone.first() < 0 || gone.last() >= size) {
            throw new IllegalArgumentException("cut of parameter '" + key + "' of layer '" + layer + "' removes indices "
                    + gone + " from dimension " + dim + " of size " + size);
        }
        long[] kept = new long[Math.toIntExact(size - gone.size())];
        int n = 0;
        for (long i = 0; i < size; i++) {
            if (!gone.contains((int) i)) {
                kept[n++] = i;
            }
        }
        return kept;
    }
}
