package io.github.dl4jpruning.mask;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.BitSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The pruned entries of one mask as ascending offsets into an array of the mask's shape stored densely in one memory
 * order, so that masking that array is a loop writing exact zeros at those offsets of its buffer. For a mask that
 * prunes few entries this is far cheaper than an ND4J multiply, whose fixed cost per op (about 25 µs on 784-128-10's
 * 1,280-weight output layer, where the loop takes about 1.5 µs; measured with {@code MaskOpBench} in the tests) is
 * paid every iteration. It also writes {@code +0.0} where a multiply would keep a NaN or an infinity
 * ({@code NaN * 0 = NaN}) or give {@code -0.0}. The pruning step writes parameters and updater state through the same
 * offsets ({@code MaskWrite}; {@link #zero(INDArray, long)} for a parameter's copy inside a flat state vector).
 *
 * <pre>{@code
 * PrunedPositions pos = PrunedPositions.of(masks.pruned("1_W"), new long[] {128, 10}, 'f');
 * if (pos.canWrite(param)) {
 *     pos.zero(param);
 * }
 * }</pre>
 */
public final class PrunedPositions {

    /**
     * Masks pruning more entries than this are applied with a multiply: the loop's cost grows with the pruned entries
     * (about 0.9 ns each), the multiply's hardly, and the offsets take 4 bytes per pruned entry.
     */
    static final int MAX_ENTRIES = 1 << 18;

    private final long[] shape;
    private final char order;
    private final int[] offsets;

    /**
     * Runs of consecutive offsets ({@code runStart[i]}, {@code runLength[i]}) when they are long on average (whole
     * neurons or filters pruned, contiguous in the buffer), else {@code null}: a run is written with one bulk copy
     * from an array of zeros instead of one write per entry.
     */
    private final int[] runStart;
    private final int[] runLength;

    /** Runs at least this long on average are written by bulk copies (a bulk call costs about as much as 8 writes). */
    static final int MIN_MEAN_RUN = 8;
    /** Zeros copied per bulk call. */
    private static final int CHUNK = 4096;
    private static final float[] FLOAT_ZEROS = new float[CHUNK];
    private static final double[] DOUBLE_ZEROS = new double[CHUNK];

    private PrunedPositions(long[] shape, char order, int[] offsets) {
        this.shape = shape;
        this.order = order;
        this.offsets = offsets;
        int runs = 0;
        for (int i = 0; i < offsets.length; i++) {
            runs += i == 0 || offsets[i] != offsets[i - 1] + 1 ? 1 : 0;
        }
        if (runs > 0 && offsets.length >= (long) MIN_MEAN_RUN * runs) {
            runStart = new int[runs];
            runLength = new int[runs];
            int r = -1;
            for (int i = 0; i < offsets.length; i++) {
                if (i == 0 || offsets[i] != offsets[i - 1] + 1) {
                    runStart[++r] = offsets[i];
                }
                runLength[r]++;
            }
        } else {
            runStart = null;
            runLength = null;
        }
    }

    /** Whether this mask is written run by run (bulk copies) rather than entry by entry. */
    boolean writesRuns() {
        return runStart != null;
    }

    /**
     * Whether writing zeros beats a multiply for a mask of {@code size} entries that prunes {@code pruned}: measured
     * inside training (the callback's {@code onGradientCalculation} on 784-128-10, {@code ListenerProfile}, thread
     * CPU time, loaded), the multiply costs about 30 µs plus 0.3 ns per entry, the loop about 0.8 ns per pruned entry:
     * at 50% of the 784x128 layer 40-42 µs against 55-78 µs. (Timed alone, {@code MaskOpBench}, the multiply looks
     * cheaper: its inputs are then hot in cache.)
     */
    static boolean cheaperThanMultiply(long pruned, long size) {
        return pruned <= MAX_ENTRIES && 8 * pruned <= 300_000 + 3 * size;
    }

    /**
     * The pruned entries' offsets in an array of {@code shape} stored densely in {@code order}, ascending.
     *
     * @param pruned c-order indices of the pruned entries
     * @param shape  the mask's shape
     * @param order  the memory order ({@code 'c'} or {@code 'f'}) of the arrays it will write
     */
    public static PrunedPositions of(BitSet pruned, long[] shape, char order) {
        return new PrunedPositions(shape.clone(), order, offsets(pruned, shape, order));
    }

    private static int[] offsets(BitSet pruned, long[] shape, char order) {
        if (order == 'c' || shape.length < 2) {
            int[] out = new int[pruned.cardinality()];
            int n = 0;
            for (int i = pruned.nextSetBit(0); i >= 0; i = pruned.nextSetBit(i + 1)) {
                out[n++] = i;
            }
            return out;
        }
        if (shape.length == 2) {
            return fOrder2d(pruned, (int) shape[0], (int) shape[1]);
        }
        // Rank > 2 in f order: c-order index -> coordinates -> f-order offset (the first dimension varies fastest).
        int[] out = new int[pruned.cardinality()];
        int n = 0;
        long[] fStride = new long[shape.length];
        long s = 1;
        for (int d = 0; d < shape.length; d++) {
            fStride[d] = s;
            s *= shape[d];
        }
        for (int i = pruned.nextSetBit(0); i >= 0; i = pruned.nextSetBit(i + 1)) {
            long rest = i;
            long offset = 0;
            for (int d = shape.length - 1; d >= 0; d--) {
                offset += (rest % shape[d]) * fStride[d];
                rest /= shape[d];
            }
            out[n++] = (int) offset;
        }
        // Ascending offsets write the buffer front to back.
        Arrays.sort(out);
        return out;
    }

    /**
     * A matrix in f order (a dense layer's weights): the buffer runs down the columns, so c index
     * {@code row * cols + col} sits at {@code col * rows + row}. Walked in buffer order, so the offsets come out
     * ascending, and branch-free: about half of the entries are pruned, in no pattern a branch predictor could learn
     * (at ten million weights a branch on each entry cost about three times as much).
     */
    private static int[] fOrder2d(BitSet pruned, int rows, int cols) {
        // One spare slot: each position is written before the walk knows whether to keep it.
        int[] off = new int[pruned.cardinality() + 1];
        int n = 0;
        long[] words = Arrays.copyOf(pruned.toLongArray(), (int) (((long) rows * cols + 63) >>> 6));
        for (int col = 0, o = 0; col < cols; col++) {
            for (int row = 0, i = col; row < rows; row++, o++, i += cols) {
                off[n] = o;
                n += (int) (words[i >>> 6] >>> i) & 1;
            }
        }
        return Arrays.copyOf(off, n);
    }

    /** The memory order the offsets are for. */
    public char order() {
        return order;
    }

    /**
     * Whether {@link #zero} can write {@code a}: a float or double array of the mask's shape, stored densely in this
     * order (a view with an offset, as DL4J's parameter and gradient views are, is fine; a vector's order flag does
     * not matter).
     */
    public boolean canWrite(INDArray a) {
        DataType t = a.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && (a.ordering() == order || a.isVector())
                && Arrays.equals(a.shape(), shape) && dense(a) && a.offset() + a.length() <= Integer.MAX_VALUE;
    }

    /**
     * Whether {@code a}'s strides are those of a dense array in its order, ignoring dimensions of size 1 (whose stride
     * is never used; DL4J's convolution weights with one input channel have such a stride).
     */
    private static boolean dense(INDArray a) {
        long[] shp = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int k = 0; k < shp.length; k++) {
            int d = a.ordering() == 'c' ? shp.length - 1 - k : k;
            if (shp[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shp[d];
        }
        return true;
    }

    /** Writes {@code +0.0} at every pruned entry of {@code a}, which {@link #canWrite} accepted. */
    public void zero(INDArray a) {
        zero(a, 0);
    }

    /**
     * Writes {@code +0.0} at the entries {@code base + offset} of {@code a}'s buffer (relative to {@code a}'s own
     * offset): for one parameter's copy inside an updater's flat state vector, laid out as the parameter is.
     *
     * @param a    a dense float or double array ({@link #canWrite} of the parameter, or a dense state vector) with at
     *             least {@code base + } the largest offset {@code + 1} entries
     * @param base where the parameter's copy starts in {@code a}
     * @throws IllegalArgumentException if {@code a} is neither FLOAT nor DOUBLE (named in the message); nothing is
     *                                  written
     */
    public void zero(INDArray a, long base) {
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("pruned entries are written into FLOAT or DOUBLE arrays, got "
                    + a.dataType());
        }
        // No-ops on CPU; on a GPU backend they move the values to the host buffer and mark it the newer copy.
        Nd4j.getAffinityManager().ensureLocation(a, AffinityManager.Location.HOST);
        int from = (int) (a.offset() + base);
        boolean isFloat = a.dataType() == DataType.FLOAT;
        if (runStart == null && rawWritable(a, from)) {
            // No NIO buffer at all: creating one is a JNI call (0.7 µs idle, several under load).
            if (isFloat) {
                RawZeros.floats(a.data().address() + 4L * from, offsets);
            } else {
                RawZeros.doubles(a.data().address() + 8L * from, offsets);
            }
        } else if (isFloat) {
            FloatBuffer b = a.data().asNioFloat();
            if (runStart != null) {
                for (int r = 0; r < runStart.length; r++) {
                    for (int at = from + runStart[r], left = runLength[r]; left > 0; at += CHUNK, left -= CHUNK) {
                        b.put(at, FLOAT_ZEROS, 0, Math.min(left, CHUNK));
                    }
                }
            } else {
                for (int o : offsets) {
                    b.put(from + o, 0f);
                }
            }
        } else {
            DoubleBuffer b = a.data().asNioDouble();
            if (runStart != null) {
                for (int r = 0; r < runStart.length; r++) {
                    for (int at = from + runStart[r], left = runLength[r]; left > 0; at += CHUNK, left -= CHUNK) {
                        b.put(at, DOUBLE_ZEROS, 0, Math.min(left, CHUNK));
                    }
                }
            } else {
                for (int o : offsets) {
                    b.put(from + o, 0d);
                }
            }
        }
        Nd4j.getAffinityManager().tagLocation(a, AffinityManager.Location.HOST);
    }

    /**
     * Whether the offsets can be read and written through {@link RawZeros} from element {@code from} of {@code a}'s
     * memory: every offset (the last is the largest) inside {@code a}'s data buffer, which spans elements
     * {@code [data.offset(), data.offset() + data.length())} from the allocation's address.
     */
    private boolean rawWritable(INDArray a, long from) {
        if (!RawZeros.available() || offsets.length == 0 || from < a.data().offset()) {
            return false;
        }
        return from + offsets[offsets.length - 1] < a.data().offset() + a.data().length()
                && a.data().address() != 0;
    }

    /** How many entries are pruned. */
    public int count() {
        return offsets.length;
    }

    /**
     * Whether {@code n} pruned entries of {@code a} ({@link #canWrite} accepted it), from the {@code first}-th on and
     * wrapping around, all hold {@code +0.0} exactly (a {@code -0.0} or a NaN does not): a spot check that reads
     * {@code n} values instead of writing them all.
     */
    public boolean holdsPlusZero(INDArray a, long first, int n) {
        int count = offsets.length;
        if (count == 0) {
            return true;
        }
        Nd4j.getAffinityManager().ensureLocation(a, AffinityManager.Location.HOST);
        int base = (int) a.offset();
        int k = (int) Math.floorMod(first, (long) count);
        int m = Math.min(n, count);
        if (rawWritable(a, base)) {
            return a.dataType() == DataType.FLOAT
                    ? RawZeros.floatsArePlusZero(a.data().address() + 4L * base, offsets, k, m)
                    : RawZeros.doublesArePlusZero(a.data().address() + 8L * base, offsets, k, m);
        }
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            for (int j = 0; j < m; j++, k = k + 1 == count ? 0 : k + 1) {
                if (Float.floatToRawIntBits(b.get(base + offsets[k])) != 0) {
                    return false;
                }
            }
        } else {
            DoubleBuffer b = a.data().asNioDouble();
            for (int j = 0; j < m; j++, k = k + 1 == count ? 0 : k + 1) {
                if (Double.doubleToRawLongBits(b.get(base + offsets[k])) != 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
