package io.github.dl4jpruning.mask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether every pruned weight of a network is still exactly 0, and which are not: for example after training with
 * code that bypasses the callback, after loading weights, or before shipping a model.
 *
 * <pre>{@code
 * MaskVerification v = pruning.verify(net);          // or MaskVerification.of(net, masks)
 * if (!v.ok()) throw new IllegalStateException(v.summary());
 * }</pre>
 *
 * @param nonZero per parameter key, the c-order indices of pruned entries that are not exactly 0 (NaN included);
 *                only keys with at least one such entry
 */
public record MaskVerification(Map<String, List<Long>> nonZero) {

    private static final int MAX_NAMED = 10;

    public MaskVerification {
        Map<String, List<Long>> copy = new LinkedHashMap<>();
        nonZero.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        nonZero = Collections.unmodifiableMap(copy);
    }

    /**
     * Checks {@code model}'s parameters against {@code masks}.
     *
     * @throws IllegalArgumentException if a mask's key is not a parameter of {@code model}, or the shapes differ
     */
    public static MaskVerification of(Model model, PruneMasks masks) {
        if (model == null || masks == null) {
            throw new IllegalArgumentException("model and masks must not be null");
        }
        Map<String, List<Long>> bad = new LinkedHashMap<>();
        for (String key : masks.keys()) {
            INDArray p = model.paramTable().get(key);
            if (p == null || !java.util.Arrays.equals(p.shape(), masks.shape(key))) {
                throw new IllegalArgumentException("prune mask '" + key + "' (shape "
                        + java.util.Arrays.toString(masks.shape(key)) + ") does not fit the model: its parameters are "
                        + model.paramTable().keySet());
            }
            double[] w;
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                w = Nd4j.toFlattened('c', p).toDoubleVector();
            }
            double[] m = masks.values(key);
            List<Long> indices = new ArrayList<>();
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0 && w[i] != 0) {   // NaN != 0 too
                    indices.add((long) i);
                }
            }
            if (!indices.isEmpty()) {
                bad.put(key, indices);
            }
        }
        return new MaskVerification(bad);
    }

    /** Whether every pruned entry is exactly 0. */
    public boolean ok() {
        return nonZero.isEmpty();
    }

    /** One line: "all pruned weights are 0", or the keys and the first indices that are not. */
    public String summary() {
        if (ok()) {
            return "all pruned weights are exactly 0";
        }
        StringBuilder sb = new StringBuilder("pruned weights that are not 0:");
        nonZero.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v.size()).append(" at ")
                .append(v.subList(0, Math.min(MAX_NAMED, v.size()))).append(v.size() > MAX_NAMED ? "..." : "")
                .append(';'));
        return sb.toString();
    }
}
