package io.github.dl4jpruning.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Thread CPU time of masking one parameter: native muli by a cached mask against writing zeros at pruned positions. */
public final class MaskOpBench {
    private MaskOpBench() {
    }

    public static void main(String[] args) {
        ThreadMXBean th = ManagementFactory.getThreadMXBean();
        int reps = 200;
        for (int[] shape : new int[][] {{784, 128}, {128, 10}}) {
            for (double sparsity : new double[] {0.1, 0.5, 0.9}) {
                INDArray p = Nd4j.rand(DataType.FLOAT, shape[0], shape[1]).dup('f');
                float[] m = new float[shape[0] * shape[1]];
                Random rnd = new Random(1);
                int pruned = 0;
                for (int i = 0; i < m.length; i++) {
                    m[i] = rnd.nextDouble() < sparsity ? 0 : 1;
                    pruned += m[i] == 0 ? 1 : 0;
                }
                INDArray mask = Nd4j.create(m, new long[] {shape[0], shape[1]}, 'c').dup('f');
                int[] pos = new int[pruned];
                int n = 0;
                for (int i = 0; i < m.length; i++) {
                    if (m[i] == 0) {
                        pos[n++] = (i % shape[1]) * shape[0] + i / shape[1];
                    }
                }
                Arrays.sort(pos);
                double[][] t = new double[2][15];
                for (int r = 0; r < 15; r++) {
                    long s = th.getCurrentThreadCpuTime();
                    for (int i = 0; i < reps; i++) {
                        p.muli(mask);
                    }
                    t[0][r] = (th.getCurrentThreadCpuTime() - s) / 1e3 / reps;
                    s = th.getCurrentThreadCpuTime();
                    for (int i = 0; i < reps; i++) {
                        FloatBuffer fb = p.data().asNioFloat();
                        int off = (int) p.offset();
                        for (int q : pos) {
                            fb.put(off + q, 0f);
                        }
                    }
                    t[1][r] = (th.getCurrentThreadCpuTime() - s) / 1e3 / reps;
                }
                Arrays.sort(t[0]);
                Arrays.sort(t[1]);
                System.out.printf(Locale.ROOT, "%s sparsity %.1f (%d pruned): muli median %.1f us, scatter median %.1f us%n",
                        Arrays.toString(shape), sparsity, pruned, t[0][7], t[1][7]);
            }
        }
    }
}
