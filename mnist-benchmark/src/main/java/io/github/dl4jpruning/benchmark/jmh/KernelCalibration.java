package io.github.dl4jpruning.benchmark.jmh;

import io.github.dl4jpruning.runtime.Activation;
import io.github.dl4jpruning.runtime.FullyConnected;
import io.github.dl4jpruning.runtime.KernelPolicy;
import io.github.dl4jpruning.runtime.RuntimeModel;
import io.github.dl4jpruning.runtime.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measures where the runtime's sparse kernel stops beating its dense one: one 784 x 128 layer at densities from 2%
 * to 60%, batch 1, 16 and 128 (one per batch class of {@code CostModel}), the two kernels timed interleaved (median
 * of samples) on MNIST-like inputs (81% zeros).
 * The crossovers it prints are the thresholds of {@code CostModel}; rerun it on another CPU to check them.
 *
 * <p>Run: {@code java -cp mnist-benchmark.jar:lib/* io.github.dl4jpruning.benchmark.jmh.KernelCalibration}
 */
public final class KernelCalibration {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private KernelCalibration() {
    }

    public static void main(String[] args) {
        int in = 784;
        int out = 128;
        double[] densities = {0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6};
        System.out.println("| density | batch | dense us | sparse us | sparse / dense |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (int batch : new int[] {1, 16, 128}) {
            float[] x = mnistLike(batch * in, 5);
            for (double d : densities) {
                float[] w = weights(in * out, d, 7);
                RuntimeModel dense = model(w, in, out, KernelPolicy.DENSE);
                RuntimeModel sparse = model(w, in, out, KernelPolicy.SPARSE);
                double[] t = interleaved(dense, sparse, x, batch);
                System.out.printf(Locale.ROOT, "| %.2f | %d | %.2f | %.2f | %.3f |%n", d, batch, t[0] / 1e3,
                        t[1] / 1e3, t[1] / t[0]);
            }
        }
    }

    private static RuntimeModel model(float[] w, int in, int out, KernelPolicy p) {
        return new RuntimeModel(Shape.flat(in), List.of(new FullyConnected(Shape.flat(in), out, w, new float[out],
                Activation.RELU, p)));
    }

    /** Median ns per call of a and b, alternating samples. */
    static double[] interleaved(RuntimeModel a, RuntimeModel b, float[] x, int batch) {
        int calls = batch == 1 ? 200 : 4;
        for (int i = 0; i < 2000 / calls * 10; i++) {
            a.output(x, batch);
            b.output(x, batch);
        }
        int samples = 101;
        double[] ta = new double[samples];
        double[] tb = new double[samples];
        for (int s = 0; s < samples; s++) {
            ta[s] = time(a, x, batch, calls);
            tb[s] = time(b, x, batch, calls);
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        return new double[] {ta[samples / 2], tb[samples / 2]};
    }

    private static double time(RuntimeModel m, float[] x, int batch, int calls) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        float sink = 0;
        for (int i = 0; i < calls; i++) {
            sink += m.output(x, batch)[0];
        }
        long t = THREADS.getCurrentThreadCpuTime() - t0;
        if (sink == Float.MIN_VALUE) {
            System.out.print("");
        }
        return t / (double) calls;
    }

    /** 81% zeros, the rest in (0, 1]: the share of black pixels in MNIST. */
    static float[] mnistLike(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble() < 0.81 ? 0f : 1f - r.nextFloat();
        }
        return x;
    }

    private static float[] weights(int n, double density, long seed) {
        Random r = new Random(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = r.nextDouble() < density ? (float) r.nextGaussian() * 0.05f : 0f;
        }
        return w;
    }
}
