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
                for (int x = 0; x < ow; x++) {
                    out[dst + y * ow + x] = pool(in, src, h, w, y * window.strideH() - top,
                            x * window.strideW() - left);
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
