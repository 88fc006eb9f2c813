package io.github.dl4jpruning.runtime;

/**
 * A dense {@code in x out} weight matrix, row-major (DL4J's {@code W} of a dense layer). Each example adds
 * {@code x[k] * W[k, :]} for every input {@code k} whose value is not 0: the inner loop runs over a contiguous row,
 * which the JIT compiles to SIMD instructions, and inputs that are 0 (MNIST's black pixels, the zeros a ReLU
 * produces) cost nothing. Four examples share each loaded row when the batch allows.
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
        for (int b = 0; b < batch; b++) {
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
