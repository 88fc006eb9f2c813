package io.github.dl4jpruning.runtime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blocked matrix product and the kernels built on it against plain triple loops, on sizes that the blocks
 * (4 inner indices per pass, cache panels, batch classes, 64-output direct/transposed switch) do not divide:
 * 1, 3, 7, 17 rows and columns, and a few larger ones.
 */
class KernelEdgeSizeTest {

    private static final int[] EDGES = {1, 3, 7, 17};

    /** Naive {@code y = x W} for row-major {@code x (batch x in)} and {@code W (in x out)}. */
    private static float[] naive(float[] x, float[] w, int batch, int in, int out) {
        float[] y = new float[batch * out];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < out; j++) {
                double s = 0;
                for (int k = 0; k < in; k++) {
                    s += (double) x[b * in + k] * w[k * out + j];
                }
                y[b * out + j] = (float) s;
            }
        }
        return y;
    }

    private static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s at %d", what, i)
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4 + 1e-5 * Math.abs(expected[i])));
        }
    }

    @Test
    void gemmOnEdgeSizesWithOffsetsAndASubsetOfInnerIndices() {
        for (int m : EDGES) {
            for (int n : EDGES) {
                for (int k : EDGES) {
                    float[] a = TestModels.random(2 + m * (k + 1), 0.3, m * 31L + k);
                    float[][] b = Gemm.rows(TestModels.random(k * n, 0.0, n * 7L + k), 0, k, n);
                    float[] c = TestModels.random(3 + m * (n + 2), 0.0, 5);
                    float[] expected = c.clone();
                    int[] ks = new int[k];
                    int kCount = 0;
                    for (int p = 0; p < k; p++) {
                        if (p % 5 != 2) {
                            ks[kCount++] = p;
                        }
                    }
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double s = expected[3 + i * (n + 2) + j];
                            for (int p = 0; p < kCount; p++) {
                                s += (double) a[2 + i * (k + 1) + ks[p]] * b[ks[p]][j];
                            }
                            expected[3 + i * (n + 2) + j] = (float) s;
                        }
                    }
                    Gemm.multiplyAdd(a, 2, k + 1, b, ks, kCount, c, 3, n + 2, m, n);
                    assertClose(c, expected, "gemm m=" + m + " n=" + n + " k=" + k);
                }
            }
        }
    }

    @Test
    void gemmBlocksALargeInnerDimensionIntoCachePanels() {
        int m = 5;
        int n = 70;
        int k = 1001;
        assertThat((long) k * n).isGreaterThan(Gemm.UNBLOCKED_VALUES);
        float[] a = TestModels.random(m * k, 0.5, 1);
        float[] w = TestModels.random(k * n, 0.0, 2);
        float[] c = new float[m * n];
        Gemm.multiplyAdd(a, 0, k, Gemm.rows(w, 0, k, n), Gemm.identity(k), k, c, 0, n, m, n);
        assertClose(c, naive(a, w, m, k, n), "gemm 5x70x1001");
    }

    @Test
    void transposeOnEdgeSizes() {
        for (int rows : new int[] {1, 3, 7, 17, 33}) {
            for (int cols : EDGES) {
                float[] src = TestModels.random(1 + rows * cols, 0.0, rows + cols);
                float[][] dst = new float[cols][rows];
                Gemm.transpose(src, 1, rows, cols, dst);
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        assertThat(dst[c][r]).isEqualTo(src[1 + r * cols + c]);
                    }
                }
            }
        }
    }

    /** Every batch class (per example, blocked, medium, transposed) and both product orientations (out < / >= 64). */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 7, 8, 17, 63, 64, 65})
    void denseAndSparseKernelsOnEdgeSizes(int batch) {
        for (int in : new int[] {1, 3, 7, 17, 70}) {
            for (int out : new int[] {1, 3, 7, 17, 64, 67}) {
                float[] w = TestModels.random(in * out, 0.6, in * 100L + out);
                float[] x = TestModels.random(batch * in, 0.5, batch);
                float[] expected = naive(x, w, batch, in, out);
                for (MatrixKernel kernel : new MatrixKernel[] {new DenseKernel(w, in, out),
                    new SparseKernel(w, in, out)}) {
                    float[] y = new float[batch * out];
                    kernel.multiplyAdd(x, batch, y);
                    assertClose(y, expected, kernel.name() + " batch " + batch + " " + in + "x" + out);
                }
            }
        }
    }

    @Test
    void anInputThatIsZeroInEveryExampleIsSkippedAndTheRestStillCounts() {
        int in = 17;
        int out = 7;
        int batch = 9;
        float[] x = TestModels.random(batch * in, 0.0, 3);
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < in; k += 2) {
                x[b * in + k] = 0f;
            }
        }
        float[] w = TestModels.random(in * out, 0.0, 4);
        float[] y = new float[batch * out];
        new DenseKernel(w, in, out).multiplyAdd(x, batch, y);
        assertClose(y, naive(x, w, batch, in, out), "dense with zero columns");
        assertThat(DenseKernel.activeInputs(x, batch, in)[in]).isEqualTo(in / 2);
    }
}
