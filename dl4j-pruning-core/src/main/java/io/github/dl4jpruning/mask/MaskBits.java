package io.github.dl4jpruning.mask;

import java.util.Arrays;
import java.util.BitSet;

/**
 * One prune mask, immutable: the parameter's shape and a bitset of its pruned entries (c-order index {@code i} is bit
 * {@code i % 64} of word {@code i / 64}), with the count of pruned entries. One bit per entry instead of the eight
 * bytes of a {@code double}, so a mask of 100 million weights takes 12.5 MB.
 */
final class MaskBits {

    private final long[] shape;
    private final int size;
    private final long[] words;
    private final long prunedCount;

    private MaskBits(long[] shape, int size, long[] words) {
        this.shape = shape;
        this.size = size;
        this.words = words;
        long c = 0;
        for (long w : words) {
            c += Long.bitCount(w);
        }
        this.prunedCount = c;
    }

    /** Nothing pruned. */
    static MaskBits none(long[] shape) {
        int n = size("(unmasked)", shape);
        return new MaskBits(shape.clone(), n, new long[wordCount(n)]);
    }

    /**
     * From 0/1 values.
     *
     * @throws IllegalArgumentException if a value is not 0 or 1 (NaN included), or the length does not match
     */
    static MaskBits ofValues(String key, long[] shape, double[] mask) {
        int n = size(key, shape);
        checkLength(key, shape, n, mask.length);
        long[] words = new long[wordCount(n)];
        for (int i = 0; i < n; i++) {
            double v = mask[i];
            if (v == 0) {
                words[i >>> 6] |= 1L << i;
            } else if (v != 1) {
                throw new IllegalArgumentException("mask for '" + key + "' must hold only 0 and 1, got " + v
                        + " at index " + i);
            }
        }
        return new MaskBits(shape.clone(), n, words);
    }

    /** From per-entry alive flags. */
    static MaskBits ofAlive(String key, long[] shape, boolean[] alive) {
        int n = size(key, shape);
        checkLength(key, shape, n, alive.length);
        long[] words = new long[wordCount(n)];
        // A word at a time and without a branch: about half of the flags are false, in no predictable pattern.
        for (int w = 0; w < words.length; w++) {
            int from = w << 6;
            int to = Math.min(n, from + 64);
            long bits = 0;
            for (int i = from; i < to; i++) {
                bits |= (alive[i] ? 0L : 1L) << (i - from);
            }
            words[w] = bits;
        }
        return new MaskBits(shape.clone(), n, words);
    }

    /** From a bitset of pruned entries. */
    static MaskBits ofPruned(String key, long[] shape, BitSet pruned) {
        int n = size(key, shape);
        if (pruned.length() > n) {
            throw new IllegalArgumentException("mask for '" + key + "' prunes index " + (pruned.length() - 1)
                    + ", expected indices below " + n + " for shape " + Arrays.toString(shape));
        }
        return new MaskBits(shape.clone(), n, Arrays.copyOf(pruned.toLongArray(), wordCount(n)));
    }

    /**
     * From saved words (format 2).
     *
     * @throws IllegalArgumentException unless there are exactly {@code ceil(n / 64)} words and no bit at or beyond n
     */
    static MaskBits ofWords(String key, long[] shape, long[] words) {
        int n = size(key, shape);
        if (words.length != wordCount(n)) {
            throw new IllegalArgumentException("prune mask '" + key + "' has " + words.length + " words, expected "
                    + wordCount(n) + " for shape " + Arrays.toString(shape) + " (" + n + " entries)");
        }
        if ((n & 63) != 0 && (words[words.length - 1] >>> (n & 63)) != 0) {
            throw new IllegalArgumentException("prune mask '" + key + "' prunes entries beyond its " + n
                    + " entries (shape " + Arrays.toString(shape) + ")");
        }
        return new MaskBits(shape.clone(), n, words.clone());
    }

    private static int wordCount(int n) {
        return (n + 63) >>> 6;
    }

    private static void checkLength(String key, long[] shape, int n, int length) {
        if (length != n) {
            throw new IllegalArgumentException("mask for '" + key + "' has " + length + " values, expected " + n
                    + " for shape " + Arrays.toString(shape));
        }
    }

    /** Entries of a shape; non-negative dimensions, at most {@code Integer.MAX_VALUE} entries. */
    private static int size(String key, long[] shape) {
        if (shape == null) {
            throw new IllegalArgumentException("mask for '" + key + "' needs a shape, got null");
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0 || (d > 0 && n > Integer.MAX_VALUE / d)) {
                throw new IllegalArgumentException("prune mask '" + key + "' has shape " + Arrays.toString(shape)
                        + ", expected non-negative dimensions holding at most " + Integer.MAX_VALUE + " entries");
            }
            n *= d;
        }
        return (int) n;
    }

    long[] shape() {
        return shape.clone();
    }

    int size() {
        return size;
    }

    long prunedCount() {
        return prunedCount;
    }

    /** A copy of the words. */
    long[] words() {
        return words.clone();
    }

    boolean isPruned(int i) {
        return (words[i >>> 6] & (1L << i)) != 0;
    }

    /** Whether every entry pruned in {@code earlier} is pruned here (same size assumed when it prunes anything). */
    boolean prunesAllOf(MaskBits earlier) {
        if (earlier.size != size) {
            return false;
        }
        for (int w = 0; w < words.length; w++) {
            if ((earlier.words[w] & ~words[w]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** 1 kept, 0 pruned. */
    double[] values() {
        double[] v = new double[size];
        Arrays.fill(v, 1.0);
        forEachPruned(i -> v[i] = 0);
        return v;
    }

    /** 1 kept, 0 pruned, as floats. */
    float[] floats() {
        float[] v = new float[size];
        Arrays.fill(v, 1f);
        forEachPruned(i -> v[i] = 0);
        return v;
    }

    /** {@code true} kept. */
    boolean[] alive() {
        boolean[] a = new boolean[size];
        Arrays.fill(a, true);
        forEachPruned(i -> a[i] = false);
        return a;
    }

    private void forEachPruned(java.util.function.IntConsumer action) {
        for (int w = 0; w < words.length; w++) {
            long bits = words[w];
            while (bits != 0) {
                action.accept((w << 6) + Long.numberOfTrailingZeros(bits));
                bits &= bits - 1;
            }
        }
    }
}
