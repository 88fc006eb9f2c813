package io.github.dl4jpruning.select;

import java.util.Arrays;

/**
 * Linear-time "keep the k lowest" over candidate units, in the selector's order: importance (with -0 equal to 0),
 * then position (segments in order, then index). Instead of sorting, it finds the k-th key with a histogram select on
 * the importance's sortable 64-bit pattern: one histogram of the top 16 bits over all candidates, then the boundary
 * bucket's keys only are collected and narrowed 16 bits at a time (or sorted once they are few). Exact ties at the
 * boundary are resolved by position in a final scan, which visits candidates in order.
 *
 * <p>Example: {@code keepSmallest(new double[][] {imp}, new boolean[][] {flags}, 3)} leaves {@code flags} true for
 * exactly the 3 lowest of the units that were flagged (all of them if fewer).
 */
final class ThresholdSelect {

    private static final int BITS = 16;
    private static final int BUCKETS = 1 << BITS;
    private static final int MASK = BUCKETS - 1;
    /** Below this many keys a plain sort is cheaper than another histogram. */
    private static final int SMALL = 4096;

    private ThresholdSelect() {
    }

    /**
     * Keeps only the {@code k} lowest flagged units flagged, in importance then position order.
     *
     * @param importance per segment, the units' importances (no NaN)
     * @param flagged    per segment, which units are candidates; changed in place
     * @param k          how many to keep; {@code <= 0} clears every flag, more than the candidates keeps them all
     */
    static void keepSmallest(double[][] importance, boolean[][] flagged, long k) {
        select(importance, flagged, k, false);
    }

    /**
     * The complement of {@link #keepSmallest}: unflags the {@code k} lowest flagged units, in importance then position
     * order, and leaves every other flag as it was. Selection prunes alive units this way without a copy of their
     * flags and a second pass to clear them.
     *
     * @param importance per segment, the units' importances (no NaN)
     * @param flagged    per segment, which units are candidates; changed in place
     * @param k          how many to unflag; {@code <= 0} changes nothing, more than the candidates unflags them all
     */
    static void dropSmallest(double[][] importance, boolean[][] flagged, long k) {
        select(importance, flagged, k, true);
    }

    /** The k lowest flagged units: kept flagged alone, or unflagged ({@code drop}). */
    private static void select(double[][] importance, boolean[][] flagged, long k, boolean drop) {
        long units = 0;
        for (boolean[] f : flagged) {
            units += f.length;
        }
        // Few units: count the flags and sort. Many: the histogram pass counts them too (one pass fewer).
        int[] hist = units <= SMALL ? null : histogram(importance, flagged);
        long count = 0;
        if (hist == null) {
            for (boolean[] f : flagged) {
                for (boolean b : f) {
                    count += b ? 1 : 0;
                }
            }
        } else {
            for (int h : hist) {
                count += h;
            }
        }
        if (k >= count || k <= 0) {
            // All of them, or none: keeping all or dropping none changes nothing, the others clear every flag.
            if ((k >= count) == drop) {
                for (boolean[] f : flagged) {
                    Arrays.fill(f, false);
                }
            }
            return;
        }
        long[] keys;
        long[] boundary;
        long rank = k;
        if (count <= SMALL) {
            keys = collect(importance, flagged, (int) count, -1, 0);
            // Mixed signs: sort in unsigned order by flipping the top bit around a signed sort.
            for (int j = 0; j < keys.length; j++) {
                keys[j] ^= Long.MIN_VALUE;
            }
            Arrays.sort(keys);
            for (int j = 0; j < keys.length; j++) {
                keys[j] ^= Long.MIN_VALUE;
            }
            boundary = boundaryOfSorted(keys, rank);
        } else {
            int b = 0;
            while (rank > hist[b]) {
                rank -= hist[b];
                b++;
            }
            keys = collect(importance, flagged, hist[b], b, 64 - BITS);
            boundary = narrowToBoundary(keys, rank);
        }
        // Without NaN, key order is numeric order with -0 equal to 0: the last pass compares the values themselves.
        double threshold = value(boundary[0]);
        long ties = boundary[1];
        for (int s = 0; s < importance.length; s++) {
            double[] imp = importance[s];
            boolean[] f = flagged[s];
            // Branch-free on the common path: about half of the flags flip here, in no predictable pattern. Values
            // equal to the threshold are rare.
            for (int i = 0; i < f.length; i++) {
                double v = imp[i];
                boolean keep = v < threshold;
                if (v == threshold && f[i]) {
                    keep = ties > 0;
                    ties -= keep ? 1 : 0;
                }
                f[i] &= keep != drop;
            }
        }
    }

    /** The value of a {@link #key}; for the key of a zero, +0.0 (which compares equal to -0.0). */
    static double value(long key) {
        long bits = key < 0 ? key ^ Long.MIN_VALUE : ~key;
        return Double.longBitsToDouble(bits);
    }

    /** How many flagged units fall in each bucket of their key's top {@link #BITS} bits. */
    private static int[] histogram(double[][] importance, boolean[][] flagged) {
        int[] hist = new int[BUCKETS];
        for (int s = 0; s < importance.length; s++) {
            double[] imp = importance[s];
            boolean[] f = flagged[s];
            for (int i = 0; i < f.length; i++) {
                if (f[i]) {
                    hist[(int) (key(imp[i]) >>> (64 - BITS))]++;
                }
            }
        }
        return hist;
    }

    /**
     * Narrows the keys of one top-bits bucket, 16 bits at a time, to the bucket holding the key of the given rank
     * (1-based) until few are left, then sorts those. All keys share their top bits, so signed order is unsigned
     * order here.
     *
     * @return the key of that rank, and how many keys equal to it are at or below that rank
     */
    private static long[] narrowToBoundary(long[] keys, long rank) {
        int n = keys.length;
        int shift = 64 - 2 * BITS;
        while (n > SMALL && shift >= 0) {
            int[] hist = new int[BUCKETS];
            for (int j = 0; j < n; j++) {
                hist[(int) (keys[j] >>> shift) & MASK]++;
            }
            int b = 0;
            while (rank > hist[b]) {
                rank -= hist[b];
                b++;
            }
            int m = 0;
            for (int j = 0; j < n; j++) {
                if (((int) (keys[j] >>> shift) & MASK) == b) {
                    keys[m++] = keys[j];
                }
            }
            n = m;
            shift -= BITS;
        }
        Arrays.sort(keys, 0, n);
        return boundaryOfSorted(keys, rank);
    }

    /** In sorted keys, the key of the given rank (1-based) and how many equal keys are at or below that rank. */
    private static long[] boundaryOfSorted(long[] sorted, long rank) {
        long threshold = sorted[(int) rank - 1];
        long ties = 0;
        for (int j = (int) rank - 1; j >= 0 && sorted[j] == threshold; j--) {
            ties++;
        }
        return new long[] {threshold, ties};
    }

    /** The keys of the flagged units whose top bits (from {@code shift}) equal {@code bucket}; all if bucket < 0. */
    private static long[] collect(double[][] importance, boolean[][] flagged, int size, int bucket, int shift) {
        long[] keys = new long[size];
        int n = 0;
        for (int s = 0; s < importance.length; s++) {
            double[] imp = importance[s];
            boolean[] f = flagged[s];
            for (int i = 0; i < f.length; i++) {
                if (f[i]) {
                    long key = key(imp[i]);
                    if (bucket < 0 || (key >>> shift) == bucket) {
                        keys[n++] = key;
                    }
                }
            }
        }
        return keys;
    }

    /**
     * The importance's bits, flipped so that unsigned order is numeric order, with -0 as 0 (no NaN). Without a branch:
     * adding +0.0 turns -0.0 into +0.0 and leaves every other value as it is, and the raw bits need no NaN check (the
     * callers reject NaN importances). The pruning step computes this three to four times per weight.
     */
    static long key(double v) {
        long b = Double.doubleToRawLongBits(v + 0.0);
        return b ^ ((b >> 63) | Long.MIN_VALUE);
    }
}
