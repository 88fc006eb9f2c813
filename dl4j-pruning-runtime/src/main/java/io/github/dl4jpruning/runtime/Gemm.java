package io.github.dl4jpruning.runtime;

/**
 * The matrix product every large-batch kernel of the runtime ends in: {@code C += A B} over a chosen subset of the
 * inner dimension, written so that HotSpot's C2 compiles its inner loops to SIMD instructions without any intrinsic.
 *
 * <p>Blocking within what C2 vectorises: the inner loop runs over one row of {@code C} (an accumulator), contiguous,
 * and each pass folds four inner indices into it, i.e. 4 multiply-adds per element for 4 loads of {@code B} and one
 * load and store of the accumulator (the plain axpy makes 3 memory accesses per multiply-add). Every array the loop
 * touches is indexed by the loop variable alone: {@code B} is given as rows ({@code float[][]}, prepared once for
 * weights) and the row of {@code C} is copied into a scratch array. Measured on JDK 17 (AMD EPYC, one thread,
 * loaded machine): this loop 11.9 GMAC/s on rows of 128; the same loop with the rows of {@code B} at offsets of one
 * array 2.7 (scalar); loops of eight rows of {@code B}, or of four rows of {@code C} sharing them, also stay scalar.
 * Panels of {@code B} ({@link #PANEL_VALUES}) stay in cache while every row of {@code A} passes over them. Four
 * values of {@code A} that are all 0 (e.g. black pixels) skip their pass.
 *
 * <pre>{@code
 * // y (4 x 3) += x (4 x 2) . w (2 x 3), all row-major, every inner index used
 * Gemm.multiplyAdd(x, 0, 2, wRows, Gemm.identity(2), 2, y, 0, 3, 4, 3);   // wRows: float[2][3]
 * }</pre>
 */
final class Gemm {

    /** Values of B per cache block (24 KiB of floats: in a 32 KiB L1 data cache next to the accumulator row). */
    static final int PANEL_VALUES = 6144;

    /** Up to this many values of B (128 KiB, in L2) are one block: each block costs a copy of every row of C. */
    static final int UNBLOCKED_VALUES = 32768;

    private Gemm() {
    }

    /** {@code rows x cols} values of {@code src} from {@code off}, row-major, as one array per row. */
    static float[][] rows(float[] src, int off, int rows, int cols) {
        float[][] r = new float[rows][];
        for (int i = 0; i < rows; i++) {
            r[i] = java.util.Arrays.copyOfRange(src, off + i * cols, off + (i + 1) * cols);
        }
        return r;
    }

    /** {@code 0, 1, ..., n - 1}: every inner index. */
    static int[] identity(int n) {
        int[] ks = new int[n];
        for (int i = 0; i < n; i++) {
            ks[i] = i;
        }
        return ks;
    }

    /**
     * {@code C[i, j] += sum over p < kCount of A[i, ks[p]] * B[ks[p], j]} for {@code i < m}, {@code j < n}, where
     * {@code A[i, k] = a[aOff + i * lda + k]}, {@code B[k, j] = b[k][j]} and
     * {@code C[i, j] = c[cOff + i * ldc + j]}. {@code c} must not be {@code a} or {@code b}.
     */
    static void multiplyAdd(float[] a, int aOff, int lda, float[][] b, int[] ks, int kCount,
                            float[] c, int cOff, int ldc, int m, int n) {
        if (m <= 0 || n <= 0 || kCount <= 0) {
            return;
        }
        float[] acc = new float[n];
        // Cache blocking over the inner dimension: a panel of about PANEL_VALUES values of B stays in L1 while every
        // row of A passes over it.
        int chunk = (long) kCount * n <= UNBLOCKED_VALUES ? kCount : Math.max(4, PANEL_VALUES / n & ~3);
        for (int p0 = 0; p0 < kCount; p0 += chunk) {
            int p1 = Math.min(kCount, p0 + chunk);
            for (int i = 0; i < m; i++) {
                int o = cOff + i * ldc;
                System.arraycopy(c, o, acc, 0, n);
                row(a, aOff + i * lda, b, ks, p0, p1, acc, n);
                System.arraycopy(acc, 0, c, o, n);
            }
        }
    }

    /** {@code acc += sum over p in [pStart, pEnd) of a[a0 + ks[p]] * b[ks[p]]}, four inner indices per pass. */
    private static void row(float[] a, int a0, float[][] b, int[] ks, int pStart, int pEnd, float[] acc, int n) {
        int p = pStart;
        for (; p + 4 <= pEnd; p += 4) {
            int k0 = ks[p];
            int k1 = ks[p + 1];
            int k2 = ks[p + 2];
            int k3 = ks[p + 3];
            float x0 = a[a0 + k0];
            float x1 = a[a0 + k1];
            float x2 = a[a0 + k2];
            float x3 = a[a0 + k3];
            if (x0 != 0f || x1 != 0f || x2 != 0f || x3 != 0f) {
                block4(x0, x1, x2, x3, b[k0], b[k1], b[k2], b[k3], acc, n);
            }
        }
        for (; p < pEnd; p++) {
            int k = ks[p];
            float x = a[a0 + k];
            if (x != 0f) {
                DenseKernel.axpy(x, b[k], 0, acc, 0, n);
            }
        }
    }

    /**
     * The micro-kernel: {@code acc[j] += x0 b0[j] + x1 b1[j] + x2 b2[j] + x3 b3[j]}. Every array indexed by
     * {@code j} alone, and no more than four rows of {@code B}: C2 (JDK 17) vectorises nothing else of this kind
     * (rows of one array at different offsets, or a larger body that its unrolling limit keeps whole, stay scalar).
     */
    static void block4(float x0, float x1, float x2, float x3, float[] b0, float[] b1, float[] b2,
                               float[] b3, float[] acc, int n) {
        for (int j = 0; j < n; j++) {
            acc[j] += x0 * b0[j] + x1 * b1[j] + x2 * b2[j] + x3 * b3[j];
        }
    }

    /** {@code dst[c][r] = src[srcOff + r * cols + c]}: a {@code rows x cols} block, in 16 x 8 tiles. */
    static void transpose(float[] src, int srcOff, int rows, int cols, float[][] dst) {
        for (int c0 = 0; c0 < cols; c0 += 8) {
            int c1 = Math.min(cols, c0 + 8);
            for (int r0 = 0; r0 < rows; r0 += 16) {
                int r1 = Math.min(rows, r0 + 16);
                for (int c = c0; c < c1; c++) {
                    float[] d = dst[c];
                    for (int r = r0, s = srcOff + r0 * cols + c; r < r1; r++, s += cols) {
                        d[r] = src[s];
                    }
                }
            }
        }
    }
}
