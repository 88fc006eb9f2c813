package io.github.dl4jpruning.runtime;

/**
 * 2D max or average pooling per channel: DL4J's {@code SubsamplingLayer} (NCHW). Padded cells never win a max; an
 * average divides by the whole window or by its cells inside the input, as DL4J's
 * {@code avgPoolIncludePadInDivisor} says.
 */
public final class Pooling extends Layer {

    /** The pooling function. */
    public enum Type {
        /** The largest value of the window. */
        MAX,
        /** The mean of the window. */
        AVG
    }

    private final Type type;
    private final Window window;
    private final boolean includePadInDivisor;
    private final int top;
    private final int left;
    // The output columns [firstInside, endInside) whose windows lie inside the input horizontally.
    private final int firstInside;
    private final int endInside;

    /**
     * @param input               the input shape
     * @param type                max or average
     * @param window              kernel, stride, padding, dilation, mode
     * @param includePadInDivisor for averages: divide by the full window (true) or by the cells inside the input
     * @throws IllegalArgumentException when the window does not fit the input
     */
    public Pooling(Shape input, Type type, Window window, boolean includePadInDivisor) {
        super(input, outputShape(input, window));
        this.type = java.util.Objects.requireNonNull(type, "type");
        this.window = window;
        this.includePadInDivisor = includePadInDivisor;
        this.top = window.top(input.height(), outputShape().height());
        this.left = window.left(input.width(), outputShape().width());
        int ow = outputShape().width();
        int sw = window.strideW();
        this.firstInside = Math.min(ow, (left + sw - 1) / sw);
        int last = Math.floorDiv(input.width() - 1 + left - (window.kernelW() - 1) * window.dilationW(), sw);
        this.endInside = Math.max(firstInside, Math.min(ow, last + 1));
    }

    private static Shape outputShape(Shape input, Window window) {
        int[] hw = window.outputSize(input.height(), input.width());
        return new Shape(input.channels(), hw[0], hw[1]);
    }

    @Override
    public String type() {
        return type == Type.MAX ? "maxpool" : "avgpool";
    }

    @Override
    public long macs() {
        return 0;
    }

    @Override
    void forward(float[] in, float[] out, int batch) {
        Shape s = inputShape();
        int h = s.height();
        int w = s.width();
        int oh = outputShape().height();
        int ow = outputShape().width();
        int planes = batch * s.channels();
        for (int p = 0; p < planes; p++) {
            int src = p * h * w;
            int dst = p * oh * ow;
            for (int y = 0; y < oh; y++) {
                int y0 = y * window.strideH() - top;
                int row = dst + y * ow;
                boolean rowInside = y0 >= 0 && y0 + (window.kernelH() - 1) * window.dilationH() < h;
                int xa = rowInside && type == Type.MAX ? firstInside : ow;
                int xb = rowInside && type == Type.MAX ? endInside : ow;
                for (int x = 0; x < ow; x++) {
                    if (x < xa || x >= xb) {
                        out[row + x] = pool(in, src, h, w, y0, x * window.strideW() - left);
                    }
                }
                if (xa < xb) {
                    maxRow(in, src + y0 * w - left, w, out, row, xa, xb);
                }
            }
        }
    }

    /**
     * Max pooling of the outputs {@code [xa, xb)} of one output row whose windows lie inside the input: the
     * kernel offsets outside, the outputs inside, so that the comparisons of neighbouring outputs are independent
     * (a window's own comparisons form one dependency chain).
     */
    private void maxRow(float[] in, int top, int w, float[] out, int row, int xa, int xb) {
        java.util.Arrays.fill(out, row + xa, row + xb, Float.NEGATIVE_INFINITY);
        int sw = window.strideW();
        for (int i = 0; i < window.kernelH(); i++) {
            for (int j = 0; j < window.kernelW(); j++) {
                int base = top + i * window.dilationH() * w + j * window.dilationW();
                for (int x = xa; x < xb; x++) {
                    out[row + x] = Math.max(out[row + x], in[base + x * sw]);
                }
            }
        }
    }

    private float pool(float[] in, int src, int h, int w, int y0, int x0) {
        float max = Float.NEGATIVE_INFINITY;
        double sum = 0;
        int inside = 0;
        for (int i = 0; i < window.kernelH(); i++) {
            int iy = y0 + i * window.dilationH();
            if (iy < 0 || iy >= h) {
                continue;
            }
            for (int j = 0; j < window.kernelW(); j++) {
                int ix = x0 + j * window.dilationW();
                if (ix < 0 || ix >= w) {
                    continue;
                }
                float v = in[src + iy * w + ix];
                max = Math.max(max, v);
                sum += v;
                inside++;
            }
        }
        if (type == Type.MAX) {
            return inside == 0 ? 0f : max;
        }
        int divisor = includePadInDivisor ? window.kernelH() * window.kernelW() : inside;
        return divisor == 0 ? 0f : (float) (sum / divisor);
    }

    @Override
    void write(PayloadWriter w) {
        w.shape(inputShape());
        w.u8(type.ordinal());
        window.write(w);
        w.u8(includePadInDivisor ? 1 : 0);
    }

    static Pooling read(PayloadReader r) throws ModelFormatException {
        Shape input = r.shape("pooling input");
        int t = r.u8("pooling type");
        if (t > 1) {
            throw new ModelFormatException("pooling type " + t + "; expected 0 (max) or 1 (avg)");
        }
        Window window = Window.read(r);
        int include = r.u8("pooling includePadInDivisor");
        if (include > 1) {
            throw new ModelFormatException("pooling includePadInDivisor " + include + "; expected 0 or 1");
        }
        return new Pooling(input, Type.values()[t], window, include == 1);
    }
}
