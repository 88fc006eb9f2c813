package io.github.dl4jpruning.runtime;

import java.util.Objects;

/**
 * A 2D convolution, {@code act(conv(x, W) + b)}: DL4J's {@code ConvolutionLayer} (NCHW). Computed per example as
 * im2col (one array per row: a channel and kernel offset, its values over all output pixels) followed by the
 * register-blocked product {@code W . col} of {@link Gemm}, vectorised along the output pixels, so that a layer of
 * few channels or filters still runs at matrix-product speed; im2col rows that no filter uses are skipped. Weights
 * sparser than {@link #GEMM_MIN_DENSITY} instead run one loop per non-zero weight, adding {@code w * row} over all
 * output pixels, so unstructured sparsity saves time as well as a compacted (fewer filters) layer does.
 */
public final class Convolution extends Layer {

    /**
     * Weights at least this dense (non-zeros / all) run the blocked matrix product of {@link Gemm}; sparser ones
     * one loop per non-zero weight, which skips every zero but moves 2 values per multiply-add.
     */
    static final double GEMM_MIN_DENSITY = 0.25;

    private final Window window;
    private final float[] weights;
    private final float[] bias;
    private final Activation activation;
    private final int outH;
    private final int outW;
    private final int top;
    private final int left;
    // Per output channel oc, the non-zero weights are [start[oc], start[oc+1]): their im2col rows and values.
    private final int[] start;
    private final int[] row;
    private final float[] value;
    // The im2col rows some filter uses, for the blocked matrix product (Gemm); null: the loop over non-zeros.
    private final int[] activeRows;
    // Stride 1, no dilation, no padding: the product can run over full input rows (forwardFullWidth).
    private final boolean unpadded;

    /**
     * @param input       the input shape (channels x height x width)
     * @param outChannels filters
     * @param window      kernel, stride, padding, dilation, mode
     * @param weights     {@code outChannels * channels * kH * kW} weights in DL4J's {@code [out, in, kH, kW]} order;
     *                    copied
     * @param bias        {@code outChannels} biases; copied
     * @param activation  the activation (not softmax)
     * @throws IllegalArgumentException when sizes do not match or the window does not fit, naming the values
     */
    public Convolution(Shape input, int outChannels, Window window, float[] weights, float[] bias,
                       Activation activation) {
        super(input, outputShape(input, outChannels, window));
        this.window = window;
        long rows = (long) input.channels() * window.kernelH() * window.kernelW();
        if (weights.length != rows * outChannels) {
            throw new IllegalArgumentException("conv2d " + input + " -> " + outChannels + " filters of "
                    + window.kernelH() + "x" + window.kernelW() + " needs " + rows * outChannels + " weights, got "
                    + weights.length);
        }
        if (bias.length != outChannels) {
            throw new IllegalArgumentException("conv2d with " + outChannels + " filters needs " + outChannels
                    + " biases, got " + bias.length);
        }
        if (Objects.requireNonNull(activation, "activation") == Activation.SOFTMAX) {
            throw new IllegalArgumentException("conv2d activation softmax is not supported; expected an element-wise "
                    + "activation");
        }
        long scratch = rows * outputShape().area();
        if (scratch > Shape.MAX_SIZE) {
            throw new IllegalArgumentException("conv2d im2col buffer of " + rows + " x " + outputShape().area()
                    + " values; expected at most " + Shape.MAX_SIZE);
        }
        this.weights = weights.clone();
        this.bias = bias.clone();
        this.activation = activation;
        this.outH = outputShape().height();
        this.outW = outputShape().width();
        this.top = window.top(input.height(), outH);
        this.left = window.left(input.width(), outW);
        int r = (int) rows;
        start = new int[outChannels + 1];
        int nnz = 0;
        for (float v : this.weights) {
            nnz += v != 0f ? 1 : 0;
        }
        row = new int[nnz];
        value = new float[nnz];
        int p = 0;
        for (int oc = 0; oc < outChannels; oc++) {
            start[oc] = p;
            for (int k = 0; k < r; k++) {
                float v = this.weights[oc * r + k];
                if (v != 0f) {
                    row[p] = k;
                    value[p++] = v;
                }
            }
        }
        start[outChannels] = p;
        // Full rows cost (kw - 1) / outW more multiply-adds: taken up to half as many again.
        long fullWidth = (long) (outH - 1) * input.width() + outW;
        unpadded = window.strideH() == 1 && window.strideW() == 1 && window.dilationH() == 1
                && window.dilationW() == 1 && top == 0 && left == 0 && outH == input.height() - window.kernelH() + 1
                && outW == input.width() - window.kernelW() + 1 && 2 * fullWidth <= 3L * outH * outW;
        activeRows = nnz >= GEMM_MIN_DENSITY * this.weights.length ? usedRows(this.weights, r) : null;
    }

    /** The im2col rows (inputs of the product) with a non-zero weight in at least one filter, ascending. */
    private static int[] usedRows(float[] weights, int rows) {
        boolean[] used = new boolean[rows];
        int n = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] != 0f && !used[i % rows]) {
                used[i % rows] = true;
                n++;
            }
        }
        int[] ks = new int[n];
        for (int k = 0, p = 0; k < rows; k++) {
            if (used[k]) {
                ks[p++] = k;
            }
        }
        return ks;
    }

    private static Shape outputShape(Shape input, int outChannels, Window window) {
        int[] hw = window.outputSize(input.height(), input.width());
        return new Shape(outChannels, hw[0], hw[1]);
    }

    @Override
    public String type() {
        return "conv2d";
    }

    @Override
    public long macs() {
        return (long) value.length * outH * outW;
    }

    @Override
    long scratchValues() {
        return (long) inputShape().channels() * window.kernelH() * window.kernelW() * outH * outW;
    }

    @Override
    public String kernel() {
        return activeRows != null ? "im2col-gemm" : "im2col-nonzeros";
    }

    @Override
    void forward(float[] in, float[] out, int batch) {
        Shape s = inputShape();
        int kh = window.kernelH();
        int kw = window.kernelW();
        int pixels = outH * outW;
        int rows = s.channels() * kh * kw;
        int inSize = s.size();
        int outSize = outputShape().size();
        int filters = bias.length;
        if (activeRows != null && unpadded) {
            forwardFullWidth(in, out, batch);
            activation.apply(out, 0, batch * outSize);
            return;
        }
        float[][] col = new float[rows][pixels];
        for (int b = 0; b < batch; b++) {
            im2col(in, b * inSize, col, kh, kw);
            int o = b * outSize;
            for (int oc = 0; oc < filters; oc++) {
                java.util.Arrays.fill(out, o + oc * pixels, o + (oc + 1) * pixels, bias[oc]);
            }
            if (activeRows != null) {
                Gemm.multiplyAdd(weights, 0, rows, col, activeRows, activeRows.length, out, o, pixels, filters,
                        pixels);
                continue;
            }
            for (int oc = 0; oc < filters; oc++) {
                int base = o + oc * pixels;
                for (int q = start[oc], end = start[oc + 1]; q < end; q++) {
                    DenseKernel.axpy(value[q], col[row[q]], 0, out, base, pixels);
                }
            }
        }
        activation.apply(out, 0, batch * outSize);
    }

    /**
     * Stride 1, no dilation, no padding: the product runs over full input rows, {@code n = (outH - 1) * w + outW}
     * columns of which those at {@code x >= outW} in each row are discarded, so that every im2col row is one
     * contiguous copy of the input ({@code (kw - 1) / outW} more multiply-adds for a fraction of the copying).
     */
    private void forwardFullWidth(float[] in, float[] out, int batch) {
        Shape s = inputShape();
        int h = s.height();
        int w = s.width();
        int kh = window.kernelH();
        int kw = window.kernelW();
        int n = (outH - 1) * w + outW;
        int filters = bias.length;
        int pixels = outH * outW;
        float[][] col = new float[s.channels() * kh * kw][];
        float[] full = new float[filters * n];
        for (int b = 0; b < batch; b++) {
            int off = b * s.size();
            for (int k : activeRows) {
                int c = k / (kh * kw);
                int i = k / kw % kh;
                int j = k % kw;
                float[] row = col[k] == null ? col[k] = new float[n] : col[k];
                System.arraycopy(in, off + c * h * w + i * w + j, row, 0, n);
            }
            for (int oc = 0; oc < filters; oc++) {
                java.util.Arrays.fill(full, oc * n, (oc + 1) * n, bias[oc]);
            }
            Gemm.multiplyAdd(weights, 0, col.length, col, activeRows, activeRows.length, full, 0, n, filters, n);
            int o = b * outputShape().size();
            for (int oc = 0; oc < filters; oc++) {
                for (int y = 0; y < outH; y++) {
                    System.arraycopy(full, oc * n + y * w, out, o + oc * pixels + y * outW, outW);
                }
            }
        }
    }

    private void im2col(float[] in, int off, float[][] col, int kh, int kw) {
        Shape s = inputShape();
        int h = s.height();
        int w = s.width();
        int sh = window.strideH();
        int sw = window.strideW();
        int r = 0;
        for (int c = 0; c < s.channels(); c++) {
            int plane = off + c * h * w;
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, r++) {
                    float[] dst = col[r];
                    int shift = j * window.dilationW() - left;
                    // Output columns x whose input column x * sw + shift lies in [0, w): [xLo, xHi).
                    int xLo = Math.min(outW, Math.max(0, -Math.floorDiv(shift, sw)));
                    int xHi = Math.max(xLo, Math.min(outW, -Math.floorDiv(shift - w, sw)));
                    for (int y = 0; y < outH; y++) {
                        int iy = y * sh - top + i * window.dilationH();
                        int d = y * outW;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(dst, d, d + outW, 0f);
                            continue;
                        }
                        java.util.Arrays.fill(dst, d, d + xLo, 0f);
                        int src = plane + iy * w + shift;
                        if (sw == 1) {
                            if (xHi > xLo) {    // src + xLo is outside the input when no column lies inside it
                                System.arraycopy(in, src + xLo, dst, d + xLo, xHi - xLo);
                            }
                        } else {
                            for (int x = xLo; x < xHi; x++) {
                                dst[d + x] = in[src + x * sw];
                            }
                        }
                        java.util.Arrays.fill(dst, d + xHi, d + outW, 0f);
                    }
                }
            }
        }
    }

    @Override
    void write(PayloadWriter w) {
        w.shape(inputShape());
        w.i32(outputShape().channels());
        window.write(w);
        w.i32(activation.code());
        w.floats(weights);
        w.floats(bias);
    }

    static Convolution read(PayloadReader r) throws ModelFormatException {
        Shape input = r.shape("conv2d input");
        int filters = r.positive("conv2d filters", Shape.MAX_SIZE);
        Window window = Window.read(r);
        Activation act = r.activation();
        long count = (long) filters * input.channels() * window.kernelH() * window.kernelW();
        if (count > Integer.MAX_VALUE) {
            throw new ModelFormatException("conv2d weights " + count + "; expected at most " + Integer.MAX_VALUE);
        }
        float[] w = r.floats("conv2d weights", count);
        float[] b = r.floats("conv2d bias", filters);
        return new Convolution(input, filters, window, w, b, act);
    }
}
