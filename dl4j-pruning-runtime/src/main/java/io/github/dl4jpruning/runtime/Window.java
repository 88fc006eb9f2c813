package io.github.dl4jpruning.runtime;

/**
 * The sliding window of a 2D convolution or pooling, as DL4J defines it: kernel, stride, dilation, and either
 * explicit padding ({@code Truncate}/{@code Strict} mode: {@code out = (in + 2 pad - effectiveKernel) / stride + 1})
 * or {@code Same} mode ({@code out = ceil(in / stride)}, the top/left padding
 * {@code ((out - 1) stride + effectiveKernel - in) / 2}, any odd remainder at the bottom/right).
 *
 * @param kernelH   kernel rows
 * @param kernelW   kernel columns
 * @param strideH   row stride
 * @param strideW   column stride
 * @param padH      explicit row padding (ignored in same mode)
 * @param padW      explicit column padding (ignored in same mode)
 * @param dilationH row dilation
 * @param dilationW column dilation
 * @param same      true for DL4J's {@code ConvolutionMode.Same}
 */
public record Window(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilationH,
                     int dilationW, boolean same) {

    /** Largest kernel, stride, padding or dilation accepted. */
    public static final int MAX = 1 << 14;

    /** @throws IllegalArgumentException for a value out of range, naming it */
    public Window {
        check("kernel height", kernelH, 1);
        check("kernel width", kernelW, 1);
        check("stride height", strideH, 1);
        check("stride width", strideW, 1);
        check("padding height", padH, 0);
        check("padding width", padW, 0);
        check("dilation height", dilationH, 1);
        check("dilation width", dilationW, 1);
    }

    private static void check(String what, int v, int min) {
        if (v < min || v > MAX) {
            throw new IllegalArgumentException(what + " is " + v + "; expected " + min + " to " + MAX);
        }
    }

    int effectiveKernelH() {
        return (kernelH - 1) * dilationH + 1;
    }

    int effectiveKernelW() {
        return (kernelW - 1) * dilationW + 1;
    }

    /**
     * Output rows and columns for an input of {@code h x w}.
     *
     * @throws IllegalArgumentException when the window does not fit the input, naming both
     */
    int[] outputSize(int h, int w) {
        int oh;
        int ow;
        if (same) {
            oh = (h + strideH - 1) / strideH;
            ow = (w + strideW - 1) / strideW;
        } else {
            oh = (h + 2 * padH - effectiveKernelH()) / strideH + 1;
            ow = (w + 2 * padW - effectiveKernelW()) / strideW + 1;
            if (h + 2 * padH < effectiveKernelH() || w + 2 * padW < effectiveKernelW()) {
                oh = 0;
            }
        }
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("window " + kernelH + "x" + kernelW + " (dilation " + dilationH + "x"
                    + dilationW + ", padding " + padH + "x" + padW + ") does not fit an input of " + h + "x" + w);
        }
        return new int[] {oh, ow};
    }

    /** Top padding actually applied for an input of {@code h} rows giving {@code oh} output rows. */
    int top(int h, int oh) {
        return same ? Math.max(0, ((oh - 1) * strideH + effectiveKernelH() - h) / 2) : padH;
    }

    /** Left padding actually applied for an input of {@code w} columns giving {@code ow} output columns. */
    int left(int w, int ow) {
        return same ? Math.max(0, ((ow - 1) * strideW + effectiveKernelW() - w) / 2) : padW;
    }

    void write(PayloadWriter out) {
        out.i32(kernelH);
        out.i32(kernelW);
        out.i32(strideH);
        out.i32(strideW);
        out.i32(padH);
        out.i32(padW);
        out.i32(dilationH);
        out.i32(dilationW);
        out.u8(same ? 1 : 0);
    }

    static Window read(PayloadReader r) throws ModelFormatException {
        int[] v = new int[8];
        String[] names = {"kernel height", "kernel width", "stride height", "stride width", "padding height",
            "padding width", "dilation height", "dilation width"};
        for (int i = 0; i < v.length; i++) {
            v[i] = i == 4 || i == 5 ? r.nonNegative(names[i], MAX) : r.positive(names[i], MAX);
        }
        int mode = r.u8("convolution mode");
        if (mode > 1) {
            throw new ModelFormatException("convolution mode " + mode + "; expected 0 (truncate) or 1 (same)");
        }
        return new Window(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], mode == 1);
    }
}
