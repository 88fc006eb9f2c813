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
    // Fills the im2col rows some filter uses (a non-zero weight), the only ones the product reads.
    private final Im2col im2col;
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
        int[] used = usedRows(this.weights, r);
        activeRows = nnz >= GEMM_MIN_DENSITY * this.weights.length ? used : null;
        im2col = new Im2col(input, window, outH, outW, top, left, used);
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

    /**
     * Examples are run together, their im2col rows side by side, up to this many product columns (or one example
     * when it has more): a product over 49 columns (a 7x7 map) runs at about 9.5 GMAC/s, over 245 at about 13.5
     * (measured, JDK 17, AMD EPYC, loaded).
     */
    static final int GROUP_COLUMNS = 256;

    /** Examples per product: {@code GROUP_COLUMNS / columns}, at least 1, at most {@code batch}. */
    static int group(int columns, int batch) {
        return Math.max(1, Math.min(batch, GROUP_COLUMNS / Math.max(1, columns)));
    }

    @Override
    void forward(float[] in, float[] out, int batch) {
        if (activeRows != null && unpadded) {
            forwardFullWidth(in, out, batch);
        } else {
            forwardIm2col(in, out, batch);
        }
        activation.apply(out, 0, batch * outputShape().size());
    }

    /**
     * im2col over groups of examples ({@link #group}): each used im2col row holds the group's examples side by side
     * ({@code g * pixels} columns), one product (or loop over non-zeros) per group into a scratch
     * {@code filters x g * pixels}, then each example's maps are copied out.
     */
    private void forwardIm2col(float[] in, float[] out, int batch) {
        Shape s = inputShape();
        int pixels = outH * outW;
        int rows = s.channels() * window.kernelH() * window.kernelW();
        int inSize = s.size();
        int outSize = outputShape().size();
        int filters = bias.length;
        int g = group(pixels, batch);
        float[][] col = Scratch.rows(rows, g * pixels);
        float[] c = Scratch.floats(Scratch.PRODUCT, filters * g * pixels);
        float[] plane = Scratch.floats(Scratch.PLANE, im2col.planeValues());
        for (int b0 = 0; b0 < batch; b0 += g) {
            int gb = Math.min(g, batch - b0);
            int n = gb * pixels;
            for (int e = 0; e < gb; e++) {
                im2col.fill(in, (b0 + e) * inSize, col, e * pixels, plane);
            }
            // One example: the product goes straight into its output maps (the same layout).
            float[] dst = gb == 1 ? out : c;
            int o0 = gb == 1 ? b0 * outSize : 0;
            for (int oc = 0; oc < filters; oc++) {
                java.util.Arrays.fill(dst, o0 + oc * n, o0 + (oc + 1) * n, bias[oc]);
            }
            if (activeRows != null) {
                Gemm.multiplyAdd(weights, 0, rows, col, activeRows, activeRows.length, dst, o0, n, filters, n);
            } else {
                for (int oc = 0; oc < filters; oc++) {
                    for (int q = start[oc], end = start[oc + 1]; q < end; q++) {
                        DenseKernel.axpy(value[q], col[row[q]], 0, dst, o0 + oc * n, n);
                    }
                }
            }
            if (gb == 1) {
                continue;
            }
            for (int e = 0; e < gb; e++) {
                int o = (b0 + e) * outSize;
                for (int oc = 0; oc < filters; oc++) {
                    System.arraycopy(c, oc * n + e * pixels, out, o + oc * pixels, pixels);
                }
            }
        }
    }

    /**
     * Stride 1, no dilation, no padding: the product runs over full input rows, {@code n = (outH - 1) * w + outW}
     * columns of which those at {@code x >= outW} in each row are discarded, so that every im2col row is one
     * contiguous copy of the input ({@code (kw - 1) / outW} more multiply-adds for a fraction of the copying).
     * Examples are grouped as in {@link #forwardIm2col}, each taking {@code n} columns.
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
        int outSize = outputShape().size();
        int g = group(n, batch);
        int rows = s.channels() * kh * kw;
        float[][] col = Scratch.rows(rows, g * n);
        float[] full = Scratch.floats(Scratch.PRODUCT, filters * g * n);
        for (int b0 = 0; b0 < batch; b0 += g) {
            int gb = Math.min(g, batch - b0);
            int cols = gb * n;
            for (int e = 0; e < gb; e++) {
                int off = (b0 + e) * s.size();
                for (int k : activeRows) {
                    int c = k / (kh * kw);
                    int i = k / kw % kh;
                    int j = k % kw;
                    System.arraycopy(in, off + c * h * w + i * w + j, col[k], e * n, n);
                }
            }
            for (int oc = 0; oc < filters; oc++) {
                java.util.Arrays.fill(full, oc * cols, (oc + 1) * cols, bias[oc]);
            }
            Gemm.multiplyAdd(weights, 0, rows, col, activeRows, activeRows.length, full, 0, cols, filters, cols);
            for (int e = 0; e < gb; e++) {
                int o = (b0 + e) * outSize;
                for (int oc = 0; oc < filters; oc++) {
                    int src = oc * cols + e * n;
                    for (int y = 0; y < outH; y++) {
                        System.arraycopy(full, src + y * w, out, o + oc * pixels + y * outW, outW);
                    }
                }
            }
        }
    }

    /** The activation. */
    Activation activation() {
        return activation;
    }

    /** This layer with {@code act} (not softmax) instead of its activation (the identity): a fused activation. */
    Convolution withActivation(Activation act) {
        return new Convolution(inputShape(), bias.length, window, weights, bias, act);
    }

    /**
     * This layer (whose activation must be the identity) followed by {@code y * scale[oc] + shift[oc]} per output
     * channel and {@code act}, as one layer: filter {@code oc} times {@code scale[oc]}, the bias
     * {@code b[oc] * scale[oc] + shift[oc]}. A batch normalisation folded into the convolution before it.
     */
    Convolution withAffine(float[] scale, float[] shift, Activation act) {
        int filters = bias.length;
        int per = weights.length / filters;
        float[] w = weights.clone();
        float[] b = new float[filters];
        for (int oc = 0; oc < filters; oc++) {
            for (int k = oc * per; k < (oc + 1) * per; k++) {
                w[k] *= scale[oc];
            }
            b[oc] = bias[oc] * scale[oc] + shift[oc];
        }
        return new Convolution(inputShape(), filters, window, w, b, act);
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
