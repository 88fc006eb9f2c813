package io.github.dl4jpruning.benchmark.compaction;

import io.github.dl4jpruning.benchmark.latency.LatencyComparison;
import java.util.Locale;

/**
 * What {@link ResNetExperiment} measured on the ResNet-style MNIST network ({@link ResNetMnist}): accuracy dense,
 * after pruning half of its filters with retraining, and compacted, against the dense network trained as many epochs
 * (the fair control); and how much smaller and faster the compacted network is. The first eight fields are the
 * {@code resnet} block of {@code benchmark.json}, names fixed by the issue.
 *
 * @param accuracyDense        test accuracy of the dense network after {@code denseEpochs}, a fraction
 * @param accuracyControl      the dense network trained {@code denseEpochs + retrainEpochs} epochs
 * @param accuracyPruned       the masked network after pruning and {@code retrainEpochs} of retraining
 * @param accuracyCompacted    the compacted network (the same function as the masked one)
 * @param filterSparsity       fraction of the convolutions' filters removed, in [0, 1)
 * @param macRatio             compacted MACs / dense MACs per inference
 * @param latencyRatioBatch1   compacted / dense median latency of one {@code output(false, x)} call, batch of 1
 * @param latencyRatioBatch64  the same, batch of 64
 * @param maxAbsOutputDiff     largest |masked output - compacted output| over the test set
 * @param width                filters of the stem and the residual block
 * @param denseEpochs          epochs of dense training before pruning
 * @param retrainEpochs        epochs of retraining after pruning (and of extra training of the control)
 * @param macsDense            multiply-accumulates per inference, dense
 * @param macsCompacted        multiply-accumulates per inference, compacted
 * @param latencyBatch1        the batch-1 measurement (A = dense-sized masked network, B = compacted)
 * @param latencyBatch64       the batch-64 measurement
 * @param trainExamples        training images per epoch (the same for the dense network, the control and the pruned one)
 * @param runtimeLatencyRatioBatch1  compacted / dense median latency in the plain-Java runtime
 *                                   ({@link ResNetRuntimeLatency}), batch of 1; dense is the unpruned network here
 *                                   (the runtime skips the masked network's zero filters, DL4J does not)
 * @param runtimeLatencyRatioBatch64 the same, batch of 64
 * @param runtimeMaxAbsOutputDiff    largest |DL4J output - runtime output| of both networks on the batch of 64
 * @param runtimeLatencyBatch1       the runtime's batch-1 measurement (A = dense, unpruned; B = compacted)
 * @param runtimeLatencyBatch64      the runtime's batch-64 measurement
 */
public record ResNetMeasurement(double accuracyDense, double accuracyControl, double accuracyPruned,
                                double accuracyCompacted, double filterSparsity, double macRatio,
                                double latencyRatioBatch1, double latencyRatioBatch64, double maxAbsOutputDiff,
                                int width, int denseEpochs, int retrainEpochs, long macsDense, long macsCompacted,
                                LatencyComparison.Result latencyBatch1, LatencyComparison.Result latencyBatch64,
                                int trainExamples, double runtimeLatencyRatioBatch1,
                                double runtimeLatencyRatioBatch64, double runtimeMaxAbsOutputDiff,
                                LatencyComparison.Result runtimeLatencyBatch1,
                                LatencyComparison.Result runtimeLatencyBatch64) {

    /** Measured speed-up over ideal (MAC) speed-up at batch 1: {@code macRatio / latencyRatioBatch1}. */
    public double efficiencyBatch1() {
        return macRatio / latencyRatioBatch1;
    }

    /** The same at batch 64. */
    public double efficiencyBatch64() {
        return macRatio / latencyRatioBatch64;
    }

    /** A two-column Markdown table of the figures, for the console. */
    public String toMarkdown() {
        return String.format(Locale.ROOT, "| figure | value |%n|---|---:|%n"
                        + "| training images per epoch | %d |%n| accuracy dense (%d epochs) | %.2f%% |%n| accuracy control (%d epochs) | %.2f%% |%n"
                        + "| accuracy pruned + retrained | %.2f%% |%n| accuracy compacted | %.2f%% |%n"
                        + "| filters removed | %.1f%% |%n| MACs compacted / dense | %.3f |%n"
                        + "| latency compacted / dense, batch 1 | %.3f (%.0f%% of the MAC speed-up) |%n"
                        + "| latency compacted / dense, batch 64 | %.3f (%.0f%% of the MAC speed-up) |%n"
                        + "| max output difference masked / compacted | %.2e |%n"
                        + "| runtime latency compacted / dense, batch 1 | %.3f (%.0f%% of the MAC speed-up) |%n"
                        + "| runtime latency compacted / dense, batch 64 | %.3f (%.0f%% of the MAC speed-up) |%n"
                        + "| max output difference DL4J / runtime | %.2e |%n",
                trainExamples, denseEpochs, 100 * accuracyDense, denseEpochs + retrainEpochs, 100 * accuracyControl,
                100 * accuracyPruned, 100 * accuracyCompacted, 100 * filterSparsity, macRatio, latencyRatioBatch1,
                100 * efficiencyBatch1(), latencyRatioBatch64, 100 * efficiencyBatch64(), maxAbsOutputDiff,
                runtimeLatencyRatioBatch1, 100 * macRatio / runtimeLatencyRatioBatch1, runtimeLatencyRatioBatch64,
                100 * macRatio / runtimeLatencyRatioBatch64, runtimeMaxAbsOutputDiff);
    }
}
