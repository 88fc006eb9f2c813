package io.github.dl4jpruning.benchmark.compaction;

import io.github.dl4jpruning.benchmark.latency.LatencyComparison;
import io.github.dl4jpruning.compact.CompactionResult;
import io.github.dl4jpruning.compact.Compactor;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.runtime.RuntimeModel;
import io.github.dl4jpruning.runtime.dl4j.Dl4jExporter;
import io.github.dl4jpruning.select.Granularity;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ResNet-style network's dense and compacted versions exported to the plain-Java runtime
 * ({@link Dl4jExporter}, a graph with a residual add) and timed against each other with the same harness as DL4J's
 * {@code output()} ({@link LatencyComparison}: interleaved samples, medians), at batch 1 and the large batch.
 *
 * <pre>{@code
 * ResNetRuntimeLatency r = ResNetRuntimeLatency.measure(dense, compacted, one, large, latency1, latency64);
 * log.info("runtime compacted / dense at batch 1: {}", r.batch1().ratio());
 * }</pre>
 *
 * Standalone on random weights ({@link #main}: no MNIST, no training, under a minute), the same network and
 * timing settings as {@code --scenario resnet}:
 * {@code OMP_NUM_THREADS=1 java -cp mnist-benchmark/target/mnist-benchmark.jar
 * io.github.dl4jpruning.benchmark.compaction.ResNetRuntimeLatency [width=64] [seed=12345]}.
 *
 * @param batch1           the batch-1 comparison (A = the dense runtime model, B = the compacted one)
 * @param largeBatch       the same at the large batch
 * @param maxAbsOutputDiff largest |DL4J output - runtime output| over both networks on the large batch
 */
public record ResNetRuntimeLatency(LatencyComparison.Result batch1, LatencyComparison.Result largeBatch,
                                   double maxAbsOutputDiff) {

    /**
     * Exports both networks (only read) and times them.
     *
     * @param dense      the dense network (the runtime skips a masked network's zero filters and input channels, so
     *                   only an unpruned network measures what the compacted one saves over dense)
     * @param compacted  the compacted network
     * @param one        one NCHW image
     * @param large      a batch of NCHW images
     * @param latency1   the harness for batch 1
     * @param latencyBig the harness for the large batch
     * @throws IllegalArgumentException when a network cannot be exported, naming the layer or vertex
     */
    public static ResNetRuntimeLatency measure(ComputationGraph dense, ComputationGraph compacted, INDArray one,
                                               INDArray large, LatencyComparison latency1,
                                               LatencyComparison latencyBig) {
        RuntimeModel a = Dl4jExporter.export(dense, ResNetMnist.INPUT_TYPE);
        RuntimeModel b = Dl4jExporter.export(compacted, ResNetMnist.INPUT_TYPE);
        float[] x1 = floats(one);
        float[] xBig = floats(large);
        int big = (int) large.size(0);
        double diff = Math.max(diff(dense.output(false, large)[0], a.output(xBig, big)),
                diff(compacted.output(false, large)[0], b.output(xBig, big)));
        warmUp(a, b, x1, 1);
        LatencyComparison.Result r1 = latency1.compare(call(a, x1, 1), call(b, x1, 1), one);
        warmUp(a, b, xBig, big);
        LatencyComparison.Result rBig = latencyBig.compare(call(a, xBig, big), call(b, xBig, big), large);
        return new ResNetRuntimeLatency(r1, rBig, diff);
    }

    /** Thread CPU time both models run, alternating, at one batch size before they are timed at it. */
    static final long WARMUP_NANOS = 2_000_000_000L;

    /**
     * Runs both models at one batch size for {@link #WARMUP_NANOS} of CPU time before timing them at it: the runtime
     * is plain Java, compiled by HotSpot's C2 only after thousands of calls (later still on a loaded machine, where
     * the compiler threads wait for a core), and the harness's warm-up calls are sized for DL4J's native kernels.
     * Measured without it (random weights, loaded): the dense model's batch-1 median 1268 us against about 500 us
     * of thread CPU time once compiled. One batch size at a time, as the timings then run.
     */
    private static void warmUp(RuntimeModel a, RuntimeModel b, float[] x, int batch) {
        java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = t.getCurrentThreadCpuTime() + WARMUP_NANOS;
        float sink = 0;
        while (t.getCurrentThreadCpuTime() < end) {
            sink += a.output(x, batch)[0] + b.output(x, batch)[0];
        }
        if (Float.isNaN(sink)) {
            throw new IllegalStateException("the runtime returned NaN while warming up");
        }
    }

    /**
     * Times the runtime on {@link ResNetMnist} with random weights and BN statistics: dense, 50% of the filters pruned
     * at once ({@link Granularity#NEURONS}, the residual group coupled), compacted; logs the MAC ratio and the
     * latency ratios compacted / dense (the ResNet row's runtime figure) and compacted / masked at batch 1 and 64, by
     * the benchmark's wall-time harness and by thread CPU time.
     *
     * @param args optional width (default 64) and seed (default 12345)
     */
    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger(ResNetRuntimeLatency.class);
        int width = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 12345;
        ComputationGraph dense = ResNetMnist.build(seed, width);
        Random r = new Random(seed);
        dense.paramTable().forEach((k, v) -> {
            boolean positive = k.endsWith("_var") || k.endsWith("_gamma");
            if (k.endsWith("_mean") || k.endsWith("_beta") || positive) {
                for (long i = 0; i < v.length(); i++) {
                    v.putScalar(i, positive ? 0.5 + r.nextDouble() : r.nextGaussian() * 0.3);
                }
            }
        });
        ComputationGraph masked = dense.clone();
        EnergyPruningCallback.builder(PruningConfig.builder().granularity(Granularity.NEURONS).build())
                .inputType(ResNetMnist.INPUT_TYPE).build().pruneNow(masked, 0.5);
        CompactionResult c = Compactor.builder().inputType(ResNetMnist.INPUT_TYPE).build().compact(masked);
        ComputationGraph small = (ComputationGraph) c.network();
        Nd4j.getRandom().setSeed(seed);
        INDArray large = Nd4j.rand(DataType.FLOAT, 64, 1, 28, 28);
        INDArray one = large.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all()).dup('c');
        LatencyComparison l1 = LatencyComparison.builder().warmupCalls(100).samples(101).callsPerSample(5).build();
        LatencyComparison l64 = LatencyComparison.builder().warmupCalls(10).samples(101).callsPerSample(1).build();
        double macRatio = (double) c.macsAfter() / c.macsBefore();
        ResNetRuntimeLatency vsDense = measure(dense, small, one, large, l1, l64);
        ResNetRuntimeLatency vsMasked = measure(masked, small, one, large, l1, l64);
        RuntimeModel[] models = {Dl4jExporter.export(dense, ResNetMnist.INPUT_TYPE),
            Dl4jExporter.export(masked, ResNetMnist.INPUT_TYPE), Dl4jExporter.export(small, ResNetMnist.INPUT_TYPE)};
        double[] cpu1 = cpuMedians(models, floats(one), 1, 20, 101);
        double[] cpu64 = cpuMedians(models, floats(large), 64, 1, 31);
        log.info(String.format(java.util.Locale.ROOT, "ResNet runtime, thread CPU time (medians, interleaved): "
                        + "dense / masked / compacted %.1f / %.1f / %.1f us at batch 1, %.0f / %.0f / %.0f us at batch "
                        + "64; compacted / dense %.3f / %.3f, compacted / masked %.3f / %.3f", cpu1[0], cpu1[1], cpu1[2],
                cpu64[0], cpu64[1], cpu64[2], cpu1[2] / cpu1[0], cpu64[2] / cpu64[0], cpu1[2] / cpu1[1],
                cpu64[2] / cpu64[1]));
        log.info(String.format(java.util.Locale.ROOT, "ResNet runtime, random weights, width %d: MAC ratio %.4f "
                        + "(target latency ratio <= %.3f); compacted / dense %.3f (batch 1) / %.3f (batch 64); "
                        + "compacted / masked %.3f / %.3f; max |DL4J - runtime| %.1e; %s; %s", width, macRatio,
                macRatio / 0.7, vsDense.batch1().ratio(), vsDense.largeBatch().ratio(), vsMasked.batch1().ratio(),
                vsMasked.largeBatch().ratio(), Math.max(vsDense.maxAbsOutputDiff(), vsMasked.maxAbsOutputDiff()),
                vsDense.batch1(), vsDense.largeBatch()));
    }

    /**
     * Median thread CPU microseconds per call of each model (after 2 s of CPU warm-up at this batch size), samples
     * interleaved with a rotating first model: robust to other processes on the machine, unlike wall time.
     */
    private static double[] cpuMedians(RuntimeModel[] models, float[] x, int batch, int calls, int samples) {
        java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int k = 0; k + 1 < models.length; k += 2) {
            warmUp(models[k], models[k + 1], x, batch);
        }
        warmUp(models[models.length - 1], models[0], x, batch);
        double[][] v = new double[models.length][samples];
        float sink = 0;
        for (int s = 0; s < samples; s++) {
            for (int j = 0; j < models.length; j++) {
                int k = (s + j) % models.length;
                long start = t.getCurrentThreadCpuTime();
                for (int c = 0; c < calls; c++) {
                    sink += models[k].output(x, batch)[0];
                }
                v[k][s] = (t.getCurrentThreadCpuTime() - start) / 1e3 / calls;
            }
        }
        if (Float.isNaN(sink)) {
            throw new IllegalStateException("the runtime returned NaN");
        }
        double[] med = new double[models.length];
        for (int k = 0; k < models.length; k++) {
            java.util.Arrays.sort(v[k]);
            med[k] = v[k][samples / 2];
        }
        return med;
    }

    /**
     * One runtime call on {@code x} (converted once, outside the timing); returns the harness's input so that the
     * harness sees a non-null result.
     */
    private static UnaryOperator<INDArray> call(RuntimeModel m, float[] x, int batch) {
        float[] sink = new float[1];
        return in -> {
            sink[0] += m.output(x, batch)[0];
            return in;
        };
    }

    private static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    private static double diff(INDArray expected, float[] actual) {
        float[] e = floats(expected);
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs(e[i] - actual[i]));
        }
        return max;
    }
}
