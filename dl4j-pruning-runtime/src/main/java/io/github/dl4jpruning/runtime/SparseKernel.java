package io.github.dl4jpruning.runtime;

/**
 * A sparse {@code in x out} weight matrix holding only its non-zeros, twice: by input (compressed sparse columns of
 * {@code W^T}, i.e. per input the outputs it feeds) for small batches, and by output (compressed sparse rows of
 * {@code W^T}) for large ones.
 *
 * <ul>
 *   <li>Small batches: per example, for every input {@code k} whose value is not 0, scatter {@code x[k] * w} into
 *       the outputs {@code k} feeds. Work is the non-zeros of the active inputs only.</li>
 *   <li>Large batches ({@code batch >= } {@link #TRANSPOSED_MIN_BATCH}): the batch is transposed once (one array
 *       per input) so that each non-zero {@code w(k, j)} adds {@code w * x[:, k]} to {@code y[:, j]} over the whole
 *       batch, a contiguous loop the JIT vectorises (the layout XNNPACK's sparse kernels use); four non-zeros of an
 *       output share each pass over its accumulator ({@link Gemm}'s micro-kernel).</li>
 * </ul>
 */
final class SparseKernel implements MatrixKernel {

    /** Batches at least this large use the transposed, batch-vectorised loop. */
    static final int TRANSPOSED_MIN_BATCH = CostModel.LARGE_BATCH;

    private final int in;
    private final int out;
    // By input: the non-zeros of input k are [inStart[k], inStart[k+1]), their outputs and values.
    private final int[] inStart;
    private final int[] inTarget;
    private final float[] inValue;
    // By output: the non-zeros of output j are [outStart[j], outStart[j+1]), their inputs and values.
    private final int[] outStart;
    private final int[] outSource;
    private final float[] outValue;

    /** The non-zeros of a row-major {@code in x out} dense matrix. */
    SparseKernel(float[] w, int in, int out) {
        if ((long) in * out != w.length) {
            throw new IllegalArgumentException("sparse kernel needs " + (long) in * out + " weights for " + in + "x"
                    + out + ", got " + w.length);
        }
        this.in = in;
        this.out = out;
        int nnz = 0;
        int[] perOut = new int[out];
        for (int i = 0; i < w.length; i++) {
            if (w[i] != 0f) {
                nnz++;
                perOut[i % out]++;
            }
        }
        inStart = new int[in + 1];
        inTarget = new int[nnz];
        inValue = new float[nnz];
        int p = 0;
        for (int k = 0; k < in; k++) {
            inStart[k] = p;
            for (int j = 0; j < out; j++) {
                float v = w[k * out + j];
                if (v != 0f) {
                    inTarget[p] = j;
                    inValue[p++] = v;
                }
            }
        }
        inStart[in] = p;
        outStart = new int[out + 1];
        for (int j = 0; j < out; j++) {
            outStart[j + 1] = outStart[j] + perOut[j];
        }
        outSource = new int[nnz];
        outValue = new float[nnz];
        int[] fill = outStart.clone();
        for (int k = 0; k < in; k++) {
            for (int q = inStart[k]; q < inStart[k + 1]; q++) {
                int j = inTarget[q];
                outSource[fill[j]] = k;
                outValue[fill[j]++] = inValue[q];
            }
        }
    }

    @Override
    public void multiplyAdd(float[] x, int batch, float[] y) {
        if (batch >= TRANSPOSED_MIN_BATCH) {
            transposed(x, batch, y);
            return;
        }
        for (int b = 0; b < batch; b++) {
            int xo = b * in;
            int yo = b * out;
            for (int k = 0; k < in; k++) {
                float a = x[xo + k];
                if (a != 0f) {
                    for (int q = inStart[k], end = inStart[k + 1]; q < end; q++) {
                        y[yo + inTarget[q]] += a * inValue[q];
                    }
                }
            }
        }
    }

    private void transposed(float[] x, int batch, float[] y) {
        float[][] xt = new float[in][batch];
        Gemm.transpose(x, 0, batch, in, xt);
        float[] acc = new float[batch];
        for (int j = 0; j < out; j++) {
            java.util.Arrays.fill(acc, 0f);
            int q = outStart[j];
            int end = outStart[j + 1];
            for (; q + 4 <= end; q += 4) {
                Gemm.block4(outValue[q], outValue[q + 1], outValue[q + 2], outValue[q + 3], xt[outSource[q]],
                        xt[outSource[q + 1]], xt[outSource[q + 2]], xt[outSource[q + 3]], acc, batch);
            }
            for (; q < end; q++) {
                DenseKernel.axpy(outValue[q], xt[outSource[q]], 0, acc, 0, batch);
            }
            for (int b = 0; b < batch; b++) {
                y[b * out + j] += acc[b];
            }
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
        return inValue.length;
    }

    @Override
    public String name() {
        return "csr";
    }
}
