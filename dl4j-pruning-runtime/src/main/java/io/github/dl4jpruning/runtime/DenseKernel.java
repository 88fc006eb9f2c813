package io.github.dl4jpruning.runtime;

/**
 * A dense {@code in x out} weight matrix, row-major (DL4J's {@code W} of a dense layer).
 * <ul>
 *   <li>Batches below {@link #GEMM_MIN_BATCH}: each example adds {@code x[k] * W[k, :]} for every input {@code k}
 *       whose value is not 0: the inner loop runs over a contiguous row, which the JIT compiles to SIMD
 *       instructions, and inputs that are 0 (MNIST's black pixels, the zeros a ReLU produces) cost nothing.</li>
 *   <li>Larger batches: the register-blocked product of {@link Gemm} over the inputs that are not 0 in some example,
 *       either {@code x W} (vectorised along the outputs) or, for layers narrower than {@link #DIRECT_MIN_OUT},
 *       {@code (W^T x^T)^T} (vectorised along the batch; {@code W^T} is prepared once).</li>
 * </ul>
 */
final class DenseKernel implements MatrixKernel {

    /** Batches at least this large run the blocked matrix product ({@link Gemm}); smaller ones a loop per example. */
    static final int GEMM_MIN_BATCH = 4;
    /**
     * Layers with at least this many outputs (or as many as the batch has examples) multiply {@code x W} directly,
     * vectorised along the outputs; narrower ones compute {@code (W^T x^T)^T}, vectorised along the batch, so that a
     * layer of 10 or 26 outputs still runs full-width SIMD loops.
     */
    static final int DIRECT_MIN_OUT = 64;

    // W as one array per input (row): the batch-1 loop's rows and the direct product's B, see Gemm.
    private final float[][] w;
    private final int in;
    private final int out;
    // W^T (out x in) for the transposed product of narrow layers, prepared once; null for wide layers.
    private final float[] wt;

    /** @param w {@code in * out} weights, row-major; copied (as rows, and transposed for narrow layers) */
    DenseKernel(float[] w, int in, int out) {
        if ((long) in * out != w.length) {
            throw new IllegalArgumentException("dense kernel needs " + (long) in * out + " weights for " + in + "x"
                    + out + ", got " + w.length);
        }
        this.w = Gemm.rows(w, 0, in, out);
        this.in = in;
        this.out = out;
        if (out < DIRECT_MIN_OUT) {
            wt = new float[w.length];
            for (int k = 0; k < in; k++) {
                for (int j = 0; j < out; j++) {
                    wt[j * in + k] = w[k * out + j];
                }
            }
        } else {
            wt = null;
        }
    }

    @Override
    public void multiplyAdd(float[] x, int batch, float[] y) {
        if (batch < GEMM_MIN_BATCH) {
            for (int b = 0; b < batch; b++) {
                int xo = b * in;
                int yo = b * out;
                for (int k = 0; k < in; k++) {
                    float a = x[xo + k];
                    if (a != 0f) {
                        axpy(a, w[k], 0, y, yo, out);
                    }
                }
            }
            return;
        }
        if (wt == null || out >= batch) {
            int[] ks = activeInputs(x, batch, in);
            Gemm.multiplyAdd(x, 0, in, w, ks, ks[in], y, 0, out, batch, out);
            return;
        }
        float[][] xt = new float[in][batch];
        Gemm.transpose(x, 0, batch, in, xt);
        int[] ks = new int[in];
        int kCount = 0;
        for (int k = 0; k < in; k++) {
            if (!allZero(xt[k])) {
                ks[kCount++] = k;
            }
        }
        float[] yt = new float[out * batch];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < out; j++) {
                yt[j * batch + b] = y[b * out + j];
            }
        }
        Gemm.multiplyAdd(wt, 0, in, xt, ks, kCount, yt, 0, batch, out, batch);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < out; j++) {
                y[b * out + j] = yt[j * batch + b];
            }
        }
    }

    /**
     * The inputs that are not 0 in at least one example (a NaN counts as not 0), ascending, in the first entries;
     * their count in the last entry ({@code [in]}).
     */
    static int[] activeInputs(float[] x, int batch, int in) {
        float[] sum = new float[in];
        for (int b = 0; b < batch; b++) {
            int o = b * in;
            for (int k = 0; k < in; k++) {
                sum[k] += Math.abs(x[o + k]);
            }
        }
        int[] ks = new int[in + 1];
        int n = 0;
        for (int k = 0; k < in; k++) {
            if (sum[k] != 0f) {
                ks[n++] = k;
            }
        }
        ks[in] = n;
        return ks;
    }

    private static boolean allZero(float[] row) {
        for (float v : row) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    /** {@code y[yo + j] += a * w[wo + j]} for {@code j < n}: the loop the JIT vectorises. */
    static void axpy(float a, float[] w, int wo, float[] y, int yo, int n) {
        for (int j = 0; j < n; j++) {
            y[yo + j] += a * w[wo + j];
        }
    }

    @Override
    public int in() {
        return in;
    }

    @Override
    public int out() {
        return out;
    }

    @Override
    public long storedWeights() {
        return (long) in * out;
    }

    @Override
    public String name() {
        return "dense";
    }
}
