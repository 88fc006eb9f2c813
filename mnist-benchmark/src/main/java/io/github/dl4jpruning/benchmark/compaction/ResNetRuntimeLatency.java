package io.github.dl4jpruning.benchmark.compaction;

import io.github.dl4jpruning.benchmark.latency.LatencyComparison;
import io.github.dl4jpruning.runtime.RuntimeModel;
import io.github.dl4jpruning.runtime.dl4j.Dl4jExporter;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

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
        LatencyComparison.Result r1 = latency1.compare(call(a, x1, 1), call(b, x1, 1), one);
        LatencyComparison.Result rBig = latencyBig.compare(call(a, xBig, big), call(b, xBig, big), large);
        return new ResNetRuntimeLatency(r1, rBig, diff);
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
