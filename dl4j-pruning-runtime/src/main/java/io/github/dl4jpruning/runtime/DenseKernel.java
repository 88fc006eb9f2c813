package io.github.dl4jpruning.runtime;

/**
 * A dense {@code in x out} weight matrix, row-major (DL4J's {@code W} of a dense layer). Each example adds
 * {@code x[k] * W[k, :]} for every input {@code k} whose value is not 0: the inner loop runs over a contiguous row,
 * which the JIT compiles to SIMD instructions, and inputs that are 0 (MNIST's black pixels, the zeros a ReLU
 * produces) cost nothing. Four examples share each loaded row when the batch allows (skipped only when all four
 * inputs are 0).
 */
final class DenseKernel implements MatrixKernel {

    private final float[] w;
    private final int in;
    private final int out;

    /** @param w {@code in * out} weights, row-major; kept, not copied */
    DenseKernel(float[] w, int in, int out) {
        if ((long) in * out != w.length) {
            throw new IllegalArgumentException("dense kernel needs " + (long) in * out + " weights for " + in + "x"
                    + out + ", got " + w.length);
        }
        this.w = w;
        this.in = in;
        this.out = out;
    }

    @Override
    public void multiplyAdd(float[] x, int batch, float[] y) {
        int b = 0;
        if (batch >= 4) {
            // Four separate accumulator rows: with four distinct arrays the JIT vectorises the shared loop (measured
            // 2.3x the single-row loop here, by thread CPU time); rows in one array defeat its alias analysis.
            float[] y0 = new float[out];
            float[] y1 = new float[out];
            float[] y2 = new float[out];
            float[] y3 = new float[out];
            for (; b + 4 <= batch; b += 4) {
                System.arraycopy(y, b * out, y0, 0, out);
                System.arraycopy(y, (b + 1) * out, y1, 0, out);
                System.arraycopy(y, (b + 2) * out, y2, 0, out);
                System.arraycopy(y, (b + 3) * out, y3, 0, out);
                int x0 = b * in;
                for (int k = 0; k < in; k++) {
                    float a0 = x[x0 + k];
                    float a1 = x[x0 + in + k];
                    float a2 = x[x0 + 2 * in + k];
                    float a3 = x[x0 + 3 * in + k];
                    if (a0 != 0f || a1 != 0f || a2 != 0f || a3 != 0f) {
                        axpy4(a0, a1, a2, a3, w, k * out, y0, y1, y2, y3, out);
                    }
                }
                System.arraycopy(y0, 0, y, b * out, out);
                System.arraycopy(y1, 0, y, (b + 1) * out, out);
                System.arraycopy(y2, 0, y, (b + 2) * out, out);
                System.arraycopy(y3, 0, y, (b + 3) * out, out);
            }
        }
        for (; b < batch; b++) {
            int xo = b * in;
            int yo = b * out;
            for (int k = 0; k < in; k++) {
                float a = x[xo + k];
                if (a != 0f) {
                    axpy(a, w, k * out, y, yo, out);
                }
            }
        }
    }

    /** {@code y[yo + j] += a * w[wo + j]} for {@code j < n}: the loop the JIT vectorises. */
    static void axpy(float a, float[] w, int wo, float[] y, int yo, int n) {
        for (int j = 0; j < n; j++) {
            y[yo + j] += a * w[wo + j];
        }
    }

    private static void axpy4(float a0, float a1, float a2, float a3, float[] w, int wo, float[] y0, float[] y1,
                              float[] y2, float[] y3, int n) {
        for (int j = 0; j < n; j++) {
            float v = w[wo + j];
            y0[j] += a0 * v;
            y1[j] += a1 * v;
            y2[j] += a2 * v;
            y3[j] += a3 * v;
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
