package io.github.dl4jpruning.runtime;

/**
 * The im2col step of a {@link Convolution}: for each used row (an input channel {@code c} and kernel offset
 * {@code (i, j)}), the input values that offset meets at every output position, row-major over the output map.
 * Each input channel a used row reads is first copied into a zero-padded plane (the padding Same mode or explicit
 * padding adds around it, plus any rows or columns the last window reaches beyond), so that every row is plain
 * copies without bounds tests; rows no filter uses (e.g. of a pruned input channel) are not filled.
 *
 * <pre>{@code
 * Im2col im = new Im2col(input, window, outH, outW, top, left, usedRows);
 * im.fill(x, exampleOffset, colRows, 0, new float[im.planeValues()]);
 * }</pre>
 */
final class Im2col {

    private final Shape input;
    private final Window window;
    private final int outH;
    private final int outW;
    private final int top;
    private final int left;
    private final int[] usedRows;
    // The zero-padded plane: every input position a window touches, padding included.
    private final int padH;
    private final int padW;

    /**
     * @param usedRows the rows to fill, ascending (row {@code r}: channel {@code r / (kH kW)}, offset
     *                 {@code (r / kW % kH, r % kW)}); not copied
     * @throws IllegalArgumentException when the padded plane would exceed {@link Shape#MAX_SIZE} values
     */
    Im2col(Shape input, Window window, int outH, int outW, int top, int left, int[] usedRows) {
        this.input = input;
        this.window = window;
        this.outH = outH;
        this.outW = outW;
        this.top = top;
        this.left = left;
        this.usedRows = usedRows;
        long ph = Math.max((long) top + input.height(), (long) (outH - 1) * window.strideH()
                + window.effectiveKernelH());
        long pw = Math.max((long) left + input.width(), (long) (outW - 1) * window.strideW()
                + window.effectiveKernelW());
        if (ph * pw > Shape.MAX_SIZE) {
            throw new IllegalArgumentException("conv2d padded input plane of " + ph + " x " + pw
                    + " values; expected at most " + Shape.MAX_SIZE);
        }
        padH = (int) ph;
        padW = (int) pw;
    }

    /** Values of the padded plane {@link #fill} needs. */
    int planeValues() {
        return padH * padW;
    }

    /**
     * The used rows of one example (from {@code off} in {@code in}) into {@code col}, from column {@code d0} of
     * each row ({@code outH * outW} columns).
     *
     * @param plane at least {@link #planeValues()} values, overwritten
     */
    void fill(float[] in, int off, float[][] col, int d0, float[] plane) {
        int h = input.height();
        int w = input.width();
        int kh = window.kernelH();
        int kw = window.kernelW();
        int sh = window.strideH();
        int sw = window.strideW();
        int dh = window.dilationH();
        int dw = window.dilationW();
        int perChannel = kh * kw;
        int lastChannel = -1;
        for (int r : usedRows) {
            int c = r / perChannel;
            if (c != lastChannel) {
                java.util.Arrays.fill(plane, 0, padH * padW, 0f);
                for (int y = 0; y < h; y++) {
                    System.arraycopy(in, off + (c * h + y) * w, plane, (top + y) * padW + left, w);
                }
                lastChannel = c;
            }
            int i = r / kw % kh;
            int j = r % kw;
            float[] dst = col[r];
            for (int y = 0; y < outH; y++) {
                int src = (y * sh + i * dh) * padW + j * dw;
                int d = d0 + y * outW;
                if (sw == 1) {    // measured: as fast as a loop even for 7 values
                    System.arraycopy(plane, src, dst, d, outW);
                } else {
                    for (int x = 0; x < outW; x++) {
                        dst[d + x] = plane[src + x * sw];
                    }
                }
            }
        }
    }
}
