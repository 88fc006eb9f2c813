package io.github.dl4jpruning.benchmark.latency;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference latency of two networks measured side by side in one run, so that machine noise (other processes, CPU
 * frequency) hits both alike: after a warm-up, samples of A and B alternate (A B, then B A, ...) and the median of
 * each is reported. A sample times {@code callsPerSample} consecutive calls and divides, so that the clock's
 * resolution does not matter for a batch of one.
 *
 * <pre>{@code
 * LatencyComparison.Result r = LatencyComparison.builder().warmupCalls(200).samples(300).callsPerSample(10).build()
 *         .compare(x -> masked.output(x, false), x -> compacted.output(x, false), batch);
 * log.info("compacted / masked: {}", r.ratio());
 * }</pre>
 */
public final class LatencyComparison {

    private final int warmupCalls;
    private final int samples;
    private final int callsPerSample;

    private LatencyComparison(Builder b) {
        this.warmupCalls = b.warmupCalls;
        this.samples = b.samples;
        this.callsPerSample = b.callsPerSample;
    }

    /** Defaults: 100 warm-up calls of each, 200 samples of each, 5 calls per sample. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code net.output(x, false)}: inference, no dropout, the form every measurement here uses. */
    public static UnaryOperator<INDArray> inference(MultiLayerNetwork net) {
        return x -> net.output(x, false);
    }

    /**
     * Median latencies of {@code a} and {@code b} on the same input.
     *
     * @param a     the reference (e.g. the masked dense network)
     * @param b     the candidate (e.g. the compacted network, including any input selection it needs)
     * @param input the batch both are fed
     */
    public Result compare(UnaryOperator<INDArray> a, UnaryOperator<INDArray> b, INDArray input) {
        for (int i = 0; i < warmupCalls; i++) {
            a.apply(input);
            b.apply(input);
        }
        double[] ta = new double[samples];
        double[] tb = new double[samples];
        for (int s = 0; s < samples; s++) {
            // Alternate which goes first, so neither always runs with the other's caches or after its GC.
            if (s % 2 == 0) {
                ta[s] = sample(a, input);
                tb[s] = sample(b, input);
            } else {
                tb[s] = sample(b, input);
                ta[s] = sample(a, input);
            }
        }
        return new Result(input.size(0), median(ta), median(tb), samples, callsPerSample);
    }

    private double sample(UnaryOperator<INDArray> f, INDArray input) {
        long start = System.nanoTime();
        INDArray sink = null;
        for (int i = 0; i < callsPerSample; i++) {
            sink = f.apply(input);
        }
        long nanos = System.nanoTime() - start;
        if (sink == null) {
            throw new IllegalStateException("inference returned null");
        }
        return nanos / (double) callsPerSample;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * Median nanoseconds per call of A and B.
     *
     * @param batchSize      rows of the input
     * @param medianNanosA   median time per call of A, in nanoseconds
     * @param medianNanosB   median time per call of B, in nanoseconds
     * @param samples        samples of each
     * @param callsPerSample calls timed together per sample
     */
    public record Result(long batchSize, double medianNanosA, double medianNanosB, int samples, int callsPerSample) {

        /** {@code B / A}: below 1 when B is faster. */
        public double ratio() {
            return medianNanosB / medianNanosA;
        }

        /** {@code A / B}: the speed-up of B over A. */
        public double speedup() {
            return medianNanosA / medianNanosB;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "batch %d: %.1f us -> %.1f us (ratio %.3f, speed-up %.2fx; median of %d "
                    + "samples x %d calls)", batchSize, medianNanosA / 1e3, medianNanosB / 1e3, ratio(), speedup(),
                    samples, callsPerSample);
        }
    }

    /** Builder for {@link LatencyComparison}. */
    public static final class Builder {
        private int warmupCalls = 100;
        private int samples = 200;
        private int callsPerSample = 5;

        /** Calls of each network before measuring (JIT, workspaces, native caches), default 100. */
        public Builder warmupCalls(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("warmupCalls must be >= 0, got " + n);
            }
            this.warmupCalls = n;
            return this;
        }

        /** Samples of each network, default 200. */
        public Builder samples(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("samples must be >= 1, got " + n);
            }
            this.samples = n;
            return this;
        }

        /** Consecutive calls timed together in one sample, default 5. */
        public Builder callsPerSample(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("callsPerSample must be >= 1, got " + n);
            }
            this.callsPerSample = n;
            return this;
        }

        public LatencyComparison build() {
            return new LatencyComparison(this);
        }
    }
}
