package io.github.dl4jpruning.runtime;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Convolution and max pooling against plain loops over the window, on every path: the blocked product over full
 * input rows (stride 1, no padding), over im2col rows (strides, padding, dilation, Same mode), the loop over
 * non-zero weights (sparse filters), and pooling windows inside and across the border; odd and even sizes from 6 to
 * 17, batches 1, 3 and 64 (examples grouped side by side in one product, {@link Convolution#group}, with a last
 * group of fewer examples), each layer run after others of other shapes on the same thread (reused scratch).
 */
class ConvolutionPathsTest {

    private static List<Window> windows() {
        List<Window> ws = new ArrayList<>();
        for (int k : new int[] {1, 3}) {
            ws.add(new Window(k, k, 1, 1, 0, 0, 1, 1, false));                 // full-width path
            ws.add(new Window(k, k + 1, 1, 1, 0, 0, 1, 1, false));
            ws.add(new Window(k, k, 2, 2, 1, 1, 1, 1, false));                 // strided, padded
            ws.add(new Window(k, k, 1, 1, 0, 0, 1, 1, true));                  // Same
        }
        ws.add(new Window(3, 2, 1, 2, 0, 1, 2, 1, false));                     // dilated
        ws.add(new Window(5, 5, 1, 1, 0, 0, 1, 1, false));
        return ws;
    }

    /** out[oc][y][x] = bias + sum w[oc][c][i][j] * in[c][y*sh - top + i*dh][x*sw - left + j*dw] (0 outside). */
    private static float[] naiveConv(float[] in, int batch, Shape s, float[] w, float[] bias, Window win, Shape o) {
        int top = win.top(s.height(), o.height());
        int left = win.left(s.width(), o.width());
        int kh = win.kernelH();
        int kw = win.kernelW();
        float[] out = new float[batch * o.size()];
        for (int b = 0; b < batch; b++) {
            for (int oc = 0; oc < o.channels(); oc++) {
                for (int y = 0; y < o.height(); y++) {
                    for (int x = 0; x < o.width(); x++) {
                        double sum = bias[oc];
                        for (int c = 0; c < s.channels(); c++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int iy = y * win.strideH() - top + i * win.dilationH();
                                    int ix = x * win.strideW() - left + j * win.dilationW();
                                    if (iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width()) {
                                        sum += (double) w[((oc * s.channels() + c) * kh + i) * kw + j]
                                                * in[b * s.size() + (c * s.height() + iy) * s.width() + ix];
                                    }
                                }
                            }
                        }
                        out[b * o.size() + (oc * o.height() + y) * o.width() + x] = (float) sum;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyConvolutionPathMatchesTheLoopOverTheWindow() {
        int checked = 0;
        List<String> kernels = new ArrayList<>();
        for (Window win : windows()) {
            for (int channels : new int[] {1, 3}) {
                for (int size : new int[] {7, 9, 17}) {
                    Shape s = new Shape(channels, size, size - 1);
                    for (int filters : new int[] {1, 3, 7}) {
                        for (double zeros : new double[] {0.0, 0.9}) {
                            int n = filters * channels * win.kernelH() * win.kernelW();
                            float[] w = TestModels.random(n, zeros, n + filters);
                            float[] bias = TestModels.random(filters, 0.0, filters);
                            Convolution conv = new Convolution(s, filters, win, w, bias, Activation.IDENTITY);
                            kernels.add(conv.kernel());
                            for (int batch : new int[] {1, 3, 64}) {
                                float[] in = TestModels.random(batch * s.size(), 0.3, batch + size);
                                float[] expected = naiveConv(in, batch, s, w, bias, win, conv.outputShape());
                                float[] actual = new float[expected.length];
                                conv.forward(in, actual, batch);
                                for (int i = 0; i < expected.length; i++) {
                                    assertThat(actual[i]).as("%s %s %d filters, zeros %.1f, at %d", win, s, filters,
                                            zeros, i).isCloseTo(expected[i], Offset.offset(1e-4f));
                                }
                                checked++;
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(windows().size() * 2 * 3 * 3 * 2 * 3);
        assertThat(kernels).contains("im2col-gemm", "im2col-nonzeros");
    }

    @Test
    void groupsCoverEveryExampleOnceWithALastSmallerGroup() {
        assertThat(Convolution.group(49, 1)).isEqualTo(1);
        assertThat(Convolution.group(49, 64)).isEqualTo(Convolution.GROUP_COLUMNS / 49);
        assertThat(Convolution.group(49, 3)).isEqualTo(3);
        assertThat(Convolution.group(10_000, 64)).isEqualTo(1);
        assertThat(64 % Convolution.group(49, 64)).isNotZero();   // the batch-64 case above ends in a smaller group
    }

    /** Scratch is per thread: models run by several threads at once give what one thread computes alone. */
    @Test
    void concurrentCallersGetTheSameOutputsAsOneThread() throws Exception {
        Shape s = new Shape(3, 9, 9);
        Window same = new Window(3, 3, 1, 1, 0, 0, 1, 1, true);
        Window full = new Window(3, 3, 1, 1, 0, 0, 1, 1, false);
        Convolution[] convs = {new Convolution(s, 8, same, TestModels.random(8 * 27, 0.0, 1),
                TestModels.random(8, 0.0, 2), Activation.RELU), new Convolution(s, 5, full,
                TestModels.random(5 * 27, 0.0, 3), TestModels.random(5, 0.0, 4), Activation.IDENTITY)};
        int batch = 7;
        float[] in = TestModels.random(batch * s.size(), 0.2, 5);
        float[][] expected = new float[convs.length][];
        for (int k = 0; k < convs.length; k++) {
            expected[k] = new float[batch * convs[k].outputShape().size()];
            convs[k].forward(in, expected[k], batch);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int first = t % 2;
                results.add(pool.submit(() -> {
                    boolean same0 = true;
                    for (int r = 0; r < 200; r++) {
                        Convolution c = convs[(first + r) % 2];
                        float[] out = new float[batch * c.outputShape().size()];
                        c.forward(in, out, batch);
                        same0 &= java.util.Arrays.equals(out, expected[(first + r) % 2]);
                    }
                    return same0;
                }));
            }
            for (java.util.concurrent.Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void maxPoolingInsideAndAcrossTheBorderMatchesTheLoopOverTheWindow() {
        Window[] windows = {new Window(2, 2, 2, 2, 0, 0, 1, 1, false), new Window(3, 3, 2, 2, 1, 1, 1, 1, false),
            new Window(3, 2, 1, 2, 0, 0, 1, 1, true), new Window(2, 3, 1, 1, 1, 0, 2, 2, false),
            new Window(1, 1, 3, 3, 0, 0, 1, 1, false)};
        for (Window win : windows) {
            for (int size : new int[] {3, 7, 17}) {
                Shape s = new Shape(2, size, size + 2);
                Pooling p = new Pooling(s, Pooling.Type.MAX, win, false);
                Shape o = p.outputShape();
                int top = win.top(s.height(), o.height());
                int left = win.left(s.width(), o.width());
                float[] in = TestModels.random(3 * s.size(), 0.0, size);
                float[] actual = new float[3 * o.size()];
                p.forward(in, actual, 3);
                for (int plane = 0; plane < 3 * s.channels(); plane++) {
                    for (int y = 0; y < o.height(); y++) {
                        for (int x = 0; x < o.width(); x++) {
                            float max = Float.NEGATIVE_INFINITY;
                            boolean any = false;
                            for (int i = 0; i < win.kernelH(); i++) {
                                for (int j = 0; j < win.kernelW(); j++) {
                                    int iy = y * win.strideH() - top + i * win.dilationH();
                                    int ix = x * win.strideW() - left + j * win.dilationW();
                                    if (iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width()) {
                                        max = Math.max(max, in[plane * s.height() * s.width() + iy * s.width() + ix]);
                                        any = true;
                                    }
                                }
                            }
                            assertThat(actual[plane * o.height() * o.width() + y * o.width() + x])
                                    .as("%s %s at %d,%d,%d", win, s, plane, y, x).isEqualTo(any ? max : 0f);
                        }
                    }
                }
            }
        }
    }
}
