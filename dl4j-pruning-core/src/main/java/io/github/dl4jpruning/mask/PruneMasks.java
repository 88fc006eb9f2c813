package io.github.dl4jpruning.mask;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One 0/1 prune mask per prunable parameter ({@code "0_W"}, {@code "0_b"}, {@code "dense1_W"}, ...), with the
 * parameter's shape; values are kept as a c-order flattening. (DL4J already uses "mask" for sequence feature and
 * label masks; these are prune masks.)
 *
 * <p>A parameter without a mask is unpruned. Masks are monotone unless a caller replaces them on purpose.
 */
public final class PruneMasks implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Map<String, double[]> values = new LinkedHashMap<>();
    private transient Map<String, INDArray> arrays;

    /** No masks: nothing pruned. */
    public PruneMasks() {
    }

    /** The parameter keys that have masks. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** Whether no parameter has a mask. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Whether {@code key} has a mask. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * A copy of a mask's values (1 kept, 0 pruned), c-order flattened; the mask knows its shape ({@link #shape}).
     *
     * <pre>{@code
     * double[] m = pruning.masks().values("0_W");
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code key} has no mask, naming the keys that have one
     */
    public double[] values(String key) {
        double[] v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no prune mask for parameter '" + key + "'; masks exist for "
                    + values.keySet() + " (an unmasked parameter is unpruned: use values(key, shape) for all ones)");
        }
        return v.clone();
    }

    /** A copy of a mask's values (1 kept, 0 pruned), or all ones of {@code shapeIfAbsent} if the parameter has none. */
    public double[] values(String key, long[] shapeIfAbsent) {
        double[] v = values.get(key);
        if (v != null) {
            return v.clone();
        }
        double[] ones = new double[Math.toIntExact(Arrays.stream(shapeIfAbsent).reduce(1, (a, b) -> a * b))];
        Arrays.fill(ones, 1.0);
        return ones;
    }

    /** The shape of a mask, or {@code null}. */
    public long[] shape(String key) {
        long[] s = shapes.get(key);
        return s == null ? null : s.clone();
    }

    /**
     * Sets a mask.
     *
     * @param key    parameter key
     * @param shape  the parameter's shape
     * @param mask   c-order 0/1 values
     * @throws IllegalArgumentException if a value is not 0 or 1, or the length does not match the shape
     */
    public void put(String key, long[] shape, double[] mask) {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (mask.length != n) {
            throw new IllegalArgumentException("mask for '" + key + "' has " + mask.length + " values, expected " + n
                    + " for shape " + Arrays.toString(shape));
        }
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0 && mask[i] != 1) {
                throw new IllegalArgumentException("mask for '" + key + "' must hold only 0 and 1, got " + mask[i]
                        + " at index " + i);
            }
        }
        shapes.put(key, shape.clone());
        values.put(key, mask.clone());
        if (arrays != null) {
            arrays.remove(key);
        }
    }

    /** The mask as a c-order array of the parameter's shape and data type (cached; do not modify). */
    public INDArray array(String key, DataType type) {
        return array(key, type, 'c');
    }

    /**
     * The mask as an array of the parameter's shape, data type and memory order (cached; do not modify). Matching
     * the parameter's order keeps the element-wise multiply on ND4J's fast path.
     */
    public INDArray array(String key, DataType type, char order) {
        if (arrays == null) {
            arrays = new LinkedHashMap<>();
        }
        INDArray a = arrays.get(key);
        if (a == null || a.dataType() != type || a.ordering() != order) {
            try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                a = Nd4j.create(values.get(key), shapes.get(key), 'c').castTo(type).dup(order);
            }
            arrays.put(key, a);
        }
        return a;
    }

    /** Pruned entries of one mask. */
    public long prunedCount(String key) {
        double[] v = values.get(key);
        if (v == null) {
            return 0;
        }
        long c = 0;
        for (double x : v) {
            if (x == 0) {
                c++;
            }
        }
        return c;
    }

    /** Entries of one mask. */
    public long size(String key) {
        double[] v = values.get(key);
        return v == null ? 0 : v.length;
    }

    /** Fraction of one mask's entries that are pruned (0 without a mask). */
    public double sparsity(String key) {
        long n = size(key);
        return n == 0 ? 0 : (double) prunedCount(key) / n;
    }

    /** Weight sparsity of each masked weight parameter ({@code "_W"} keys), by layer name ({@code "0"}, {@code "dense1"}). */
    public Map<String, Double> weightSparsityByLayer() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String k : values.keySet()) {
            if (k.endsWith("_W")) {
                out.put(k.substring(0, k.length() - 2), sparsity(k));
            }
        }
        return out;
    }

    /** Weight sparsity over all masked weight parameters ({@code "_W"} keys; 0 without any). */
    public double weightSparsity() {
        long total = 0;
        long pruned = 0;
        for (String k : values.keySet()) {
            if (k.endsWith("_W")) {
                total += size(k);
                pruned += prunedCount(k);
            }
        }
        return total == 0 ? 0 : (double) pruned / total;
    }

    /** Whether every entry pruned in {@code earlier} is also pruned here. */
    public boolean contains(PruneMasks earlier) {
        for (Map.Entry<String, double[]> e : earlier.values.entrySet()) {
            double[] now = values.get(e.getKey());
            double[] before = e.getValue();
            for (int i = 0; i < before.length; i++) {
                if (before[i] == 0 && (now == null || now[i] != 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Rejects a deserialized instance that {@link #put} would not have built (a file is not trusted): every mask
     * needs a shape, as many values as the shape holds, and only 0 and 1 (NaN included, anything else is refused).
     */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (shapes == null || values == null || !shapes.keySet().equals(values.keySet())) {
            throw new InvalidObjectException("prune masks with shapes for " + (shapes == null ? null : shapes.keySet())
                    + " but values for " + (values == null ? null : values.keySet()) + "; expected the same keys");
        }
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            long[] shape = shapes.get(e.getKey());
            double[] v = e.getValue();
            if (shape == null || v == null) {
                throw new InvalidObjectException("prune mask '" + e.getKey() + "' has no shape or no values");
            }
            long n = 1;
            for (long d : shape) {
                if (d < 0 || (d > 0 && n > Integer.MAX_VALUE / d)) {
                    throw new InvalidObjectException("prune mask '" + e.getKey() + "' has shape "
                            + Arrays.toString(shape) + ", expected non-negative dimensions");
                }
                n *= d;
            }
            if (v.length != n) {
                throw new InvalidObjectException("prune mask '" + e.getKey() + "' has " + v.length + " values, expected "
                        + n + " for shape " + Arrays.toString(shape));
            }
            for (int i = 0; i < v.length; i++) {
                if (v[i] != 0 && v[i] != 1) {
                    throw new InvalidObjectException("prune mask '" + e.getKey() + "' must hold only 0 and 1, got "
                            + v[i] + " at index " + i);
                }
            }
        }
    }

    /** An independent copy. */
    public PruneMasks copy() {
        PruneMasks c = new PruneMasks();
        values.forEach((k, v) -> c.put(k, shapes.get(k), v));
        return c;
    }
}
