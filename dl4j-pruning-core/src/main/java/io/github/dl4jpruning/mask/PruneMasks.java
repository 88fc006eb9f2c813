package io.github.dl4jpruning.mask;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One 0/1 prune mask per prunable parameter ({@code "0_W"}, {@code "0_b"}, {@code "dense1_W"}, ...), with the
 * parameter's shape, indexed by the c-order flattening. (DL4J already uses "mask" for sequence feature and label
 * masks; these are prune masks.)
 *
 * <p>A mask is kept as a bitset of its pruned entries ({@link MaskBits}): one bit per weight in memory and in a saved
 * model (format 2). Files written before that (format 1, eight bytes per weight) still load. {@link #values} and
 * {@link #put} keep the 0/1 {@code double[]} view; {@link #pruned}, {@link #putPruned} and {@link #alive} are the
 * compact API.
 *
 * <pre>{@code
 * PruneMasks masks = new PruneMasks();
 * masks.putAlive("0_W", new long[] {784, 128}, alive);   // boolean per weight, c-order
 * BitSet pruned = masks.pruned("0_W");
 * }</pre>
 *
 * <p>A parameter without a mask is unpruned. Masks are monotone unless a caller replaces them on purpose.
 */
public final class PruneMasks implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The serialized format this class writes: 2, pruned entries as {@code long[]} bitsets. */
    public static final int FORMAT = 2;

    /**
     * The serialized fields of both formats: format 1 (no {@code format} field in the stream) holds {@code shapes} and
     * {@code values} (0/1 {@code double[]}); format 2 holds {@code format}, {@code shapes} and {@code pruned}.
     */
    private static final ObjectStreamField[] serialPersistentFields = {
        new ObjectStreamField("shapes", Map.class),
        new ObjectStreamField("values", Map.class),
        new ObjectStreamField("format", int.class),
        new ObjectStreamField("pruned", Map.class)};

    private transient Map<String, MaskBits> masks = new LinkedHashMap<>();
    private transient Map<String, INDArray> arrays;
    private transient Map<String, PrunedPositions> positions;

    /** No masks: nothing pruned. */
    public PruneMasks() {
    }

    /** The parameter keys that have masks. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(masks.keySet());
    }

    /** Whether no parameter has a mask. */
    public boolean isEmpty() {
        return masks.isEmpty();
    }

    /** Whether {@code key} has a mask. */
    public boolean has(String key) {
        return masks.containsKey(key);
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
        return get(key).values();
    }

    /** A copy of a mask's values (1 kept, 0 pruned), or all ones of {@code shapeIfAbsent} if the parameter has none. */
    public double[] values(String key, long[] shapeIfAbsent) {
        MaskBits m = masks.get(key);
        return m != null ? m.values() : MaskBits.none(shapeIfAbsent).values();
    }

    /**
     * Per entry, whether it is kept (c-order), or all {@code true} of {@code shapeIfAbsent} if the parameter has no
     * mask.
     */
    public boolean[] alive(String key, long[] shapeIfAbsent) {
        MaskBits m = masks.get(key);
        return m != null ? m.alive() : MaskBits.none(shapeIfAbsent).alive();
    }

    /**
     * The pruned entries of a mask (c-order indices), a copy.
     *
     * @throws IllegalArgumentException if {@code key} has no mask, naming the keys that have one
     */
    public BitSet pruned(String key) {
        return BitSet.valueOf(get(key).words());
    }

    /** The shape of a mask, or {@code null}. */
    public long[] shape(String key) {
        MaskBits m = masks.get(key);
        return m == null ? null : m.shape();
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
        store(key, MaskBits.ofValues(key, shape, mask));
    }

    /**
     * Sets a mask from its pruned entries.
     *
     * @param key    parameter key
     * @param shape  the parameter's shape
     * @param pruned c-order indices of the pruned entries
     * @throws IllegalArgumentException if an index is not below the number of entries the shape holds
     */
    public void putPruned(String key, long[] shape, BitSet pruned) {
        store(key, MaskBits.ofPruned(key, shape, pruned));
    }

    /**
     * Sets a mask from per-entry flags.
     *
     * @param key   parameter key
     * @param shape the parameter's shape
     * @param alive c-order, {@code true} where the entry is kept
     * @throws IllegalArgumentException if the length does not match the shape
     */
    public void putAlive(String key, long[] shape, boolean[] alive) {
        store(key, MaskBits.ofAlive(key, shape, alive));
    }

    private void store(String key, MaskBits bits) {
        masks.put(key, bits);
        if (arrays != null) {
            arrays.remove(key);
        }
        if (positions != null) {
            positions.remove(key);
        }
    }

    private MaskBits get(String key) {
        MaskBits m = masks.get(key);
        if (m == null) {
            throw new IllegalArgumentException("no prune mask for parameter '" + key + "'; masks exist for "
                    + masks.keySet() + " (an unmasked parameter is unpruned: use values(key, shape) for all ones)");
        }
        return m;
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
            MaskBits m = get(key);
            try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                INDArray c = type == DataType.FLOAT ? floatArray(m)
                        : Nd4j.create(m.values(), m.shape(), 'c').castTo(type);
                a = order == 'c' ? c : c.dup(order);
            }
            arrays.put(key, a);
        }
        return a;
    }

    /**
     * A float c-order array of the mask, filled in one bulk copy ({@code Nd4j.create(float[], ...)} writes element by
     * element: at ten million weights a visible part of a pruning step).
     */
    private static INDArray floatArray(MaskBits m) {
        float[] v = m.floats();
        if (v.length == 0) {
            return Nd4j.create(v, m.shape(), 'c');
        }
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, m.shape(), 'c');
        java.nio.FloatBuffer fb = a.data().asNioFloat();
        fb.put(fb.position(), v);
        return a;
    }

    /**
     * The pruned entries of a mask as ascending offsets into an array of its shape stored densely in {@code order}
     * (cached, for {@link MaskEnforcer}).
     */
    PrunedPositions positions(String key, char order) {
        if (positions == null) {
            positions = new LinkedHashMap<>();
        }
        PrunedPositions p = positions.get(key);
        if (p == null || p.order() != order) {
            MaskBits m = get(key);
            p = PrunedPositions.of(BitSet.valueOf(m.words()), m.shape(), order);
            positions.put(key, p);
        }
        return p;
    }

    /** Pruned entries of one mask (0 without a mask); constant time. */
    public long prunedCount(String key) {
        MaskBits m = masks.get(key);
        return m == null ? 0 : m.prunedCount();
    }

    /** Entries of one mask. */
    public long size(String key) {
        MaskBits m = masks.get(key);
        return m == null ? 0 : m.size();
    }

    /** Fraction of one mask's entries that are pruned (0 without a mask). */
    public double sparsity(String key) {
        long n = size(key);
        return n == 0 ? 0 : (double) prunedCount(key) / n;
    }

    /** Weight sparsity of each masked weight parameter ({@code "_W"} keys), by layer name ({@code "0"}, {@code "dense1"}). */
    public Map<String, Double> weightSparsityByLayer() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String k : masks.keySet()) {
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
        for (String k : masks.keySet()) {
            if (k.endsWith("_W")) {
                total += size(k);
                pruned += prunedCount(k);
            }
        }
        return total == 0 ? 0 : (double) pruned / total;
    }

    /** Whether every entry pruned in {@code earlier} is also pruned here. */
    public boolean contains(PruneMasks earlier) {
        for (Map.Entry<String, MaskBits> e : earlier.masks.entrySet()) {
            MaskBits now = masks.get(e.getKey());
            if (e.getValue().prunedCount() > 0 && (now == null || !now.prunesAllOf(e.getValue()))) {
                return false;
            }
        }
        return true;
    }

    /** An independent copy. */
    public PruneMasks copy() {
        PruneMasks c = new PruneMasks();
        masks.forEach(c.masks::put);
        return c;
    }

    /** Writes format 2: the shapes and the pruned bitsets ({@code long[]}, one bit per entry). */
    private void writeObject(ObjectOutputStream out) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, long[]> pruned = new LinkedHashMap<>();
        masks.forEach((k, m) -> {
            shapes.put(k, m.shape());
            pruned.put(k, m.words());
        });
        ObjectOutputStream.PutField f = out.putFields();
        f.put("format", FORMAT);
        f.put("shapes", shapes);
        f.put("values", null);
        f.put("pruned", pruned);
        out.writeFields();
    }

    /**
     * Reads format 1 or 2 and rejects an instance that {@link #put} would not have built (a file is not trusted):
     * every mask needs a shape and exactly the entries the shape holds (format 1: only 0 and 1, NaN included;
     * format 2: {@code ceil(n / 64)} words, no bit at or beyond {@code n}).
     */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        ObjectInputStream.GetField f = in.readFields();
        int format = f.defaulted("format") ? 1 : f.get("format", 0);
        Map<?, ?> shapes = map(f, "shapes");
        if (format != 1 && format != FORMAT) {
            throw new InvalidObjectException("prune masks in format " + format + "; expected format 1 or " + FORMAT
                    + " (written by a newer version of dl4j-pruning?)");
        }
        Map<?, ?> data = map(f, format == 1 ? "values" : "pruned");
        if (data == null) {
            throw new InvalidObjectException("prune masks in format " + format + " without their "
                    + (format == 1 ? "values" : "pruned entries"));
        }
        if (shapes == null || !shapes.keySet().equals(data.keySet())) {
            throw new InvalidObjectException("prune masks with shapes for " + (shapes == null ? null : shapes.keySet())
                    + " but values for " + data.keySet() + "; expected the same keys");
        }
        masks = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : data.entrySet()) {
            if (!(e.getKey() instanceof String key) || !(shapes.get(key) instanceof long[] shape)) {
                throw new InvalidObjectException("prune mask key " + e.getKey() + " is not a parameter name with a "
                        + "long[] shape");
            }
            try {
                if (format == 1 && e.getValue() instanceof double[] v) {
                    masks.put(key, MaskBits.ofValues(key, shape, v));
                } else if (format == FORMAT && e.getValue() instanceof long[] words) {
                    masks.put(key, MaskBits.ofWords(key, shape, words));
                } else {
                    throw new IllegalArgumentException("prune mask '" + key + "' holds a "
                            + (e.getValue() == null ? "null" : e.getValue().getClass().getSimpleName()) + ", expected "
                            + (format == 1 ? "double[]" : "long[]") + " in format " + format);
                }
            } catch (IllegalArgumentException bad) {
                InvalidObjectException ex = new InvalidObjectException(bad.getMessage());
                ex.initCause(bad);
                throw ex;
            }
        }
    }

    private static Map<?, ?> map(ObjectInputStream.GetField f, String name) throws IOException {
        Object o;
        try {
            o = f.get(name, null);
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException("prune masks field '" + name + "' has the wrong type: " + e.getMessage());
        }
        if (o != null && !(o instanceof Map)) {
            throw new InvalidObjectException("prune masks field '" + name + "' holds a " + o.getClass().getName()
                    + ", expected a map");
        }
        return (Map<?, ?>) o;
    }
}
