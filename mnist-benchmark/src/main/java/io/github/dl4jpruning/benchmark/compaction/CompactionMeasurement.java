package io.github.dl4jpruning.benchmark.compaction;

import io.github.dl4jpruning.benchmark.latency.LatencyComparison;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link CompactionExperiment} measured: how much structural pruning removed, whether the compacted network
 * computes the same function, and how much faster it really is than the masked dense network it came from.
 *
 * @param neuronsRemovedFraction fraction of the hidden neurons removed, in [0, 1)
 * @param macRatio               compacted MACs / dense MACs per inference (the ideal latency ratio)
 * @param latencyRatioBatch1     compacted / masked-dense median latency of {@code output(x, false)}, batch of 1
 * @param latencyRatioBatch128   the same for a batch of 128
 * @param maxAbsOutputDiff       largest |masked output - compacted output| over the whole test set
 * @param accuracyMasked         test accuracy of the masked dense network after retraining, a fraction
 * @param accuracyCompacted      test accuracy of the compacted network, a fraction
 * @param accuracyDense          test accuracy of the dense network before pruning, a fraction
 * @param neuronSparsityTarget   the fraction of hidden neurons the pruning aimed at
 * @param neuronsBefore          hidden neurons before
 * @param neuronsAfter           hidden neurons after compaction
 * @param inputsAfter            inputs the compacted network reads (784 unless unused inputs were dropped)
 * @param droppedUnusedInputs    whether unused input pixels were dropped; if so the compacted latency includes
 *                               selecting the kept columns of every input
 * @param macsDense              multiply-accumulates per inference of the dense network
 * @param macsCompacted          multiply-accumulates per inference of the compacted network
 * @param latencyBatch1          the batch-1 measurement (median nanoseconds of both)
 * @param latencyBatch128        the batch-128 measurement
 * @param pruneSteps             pruning steps (each followed by retraining)
 * @param retrainEpochs          retraining epochs in total
 */
public record CompactionMeasurement(double neuronsRemovedFraction, double macRatio, double latencyRatioBatch1,
                                    double latencyRatioBatch128, double maxAbsOutputDiff, double accuracyMasked,
                                    double accuracyCompacted, double accuracyDense, double neuronSparsityTarget,
                                    long neuronsBefore, long neuronsAfter, long inputsAfter,
                                    boolean droppedUnusedInputs, long macsDense, long macsCompacted,
                                    LatencyComparison.Result latencyBatch1, LatencyComparison.Result latencyBatch128,
                                    int pruneSteps, int retrainEpochs) {

    /** {@code 1 / macRatio}: the speed-up if time were proportional to MACs. */
    public double idealSpeedup() {
        return 1 / macRatio;
    }

    /** Measured speed-up at batch 1: {@code 1 / latencyRatioBatch1}. */
    public double speedupBatch1() {
        return 1 / latencyRatioBatch1;
    }

    /** Measured speed-up at batch 128. */
    public double speedupBatch128() {
        return 1 / latencyRatioBatch128;
    }

    /** Measured speed-up / ideal speed-up at batch 1 (1 = time proportional to MACs). */
    public double efficiencyBatch1() {
        return speedupBatch1() / idealSpeedup();
    }

    /** Measured speed-up / ideal speed-up at batch 128. */
    public double efficiencyBatch128() {
        return speedupBatch128() / idealSpeedup();
    }

    /** Every figure, derived ones included, for JSON or a table. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("neuronSparsityTarget", neuronSparsityTarget);
        m.put("neuronsBefore", neuronsBefore);
        m.put("neuronsAfter", neuronsAfter);
        m.put("neuronsRemovedFraction", neuronsRemovedFraction);
        m.put("inputsAfter", inputsAfter);
        m.put("droppedUnusedInputs", droppedUnusedInputs);
        m.put("macsDense", macsDense);
        m.put("macsCompacted", macsCompacted);
        m.put("macRatio", macRatio);
        m.put("idealSpeedup", idealSpeedup());
        m.put("latencyMaskedBatch1Micros", latencyBatch1.medianNanosA() / 1e3);
        m.put("latencyCompactedBatch1Micros", latencyBatch1.medianNanosB() / 1e3);
        m.put("latencyRatioBatch1", latencyRatioBatch1);
        m.put("speedupBatch1", speedupBatch1());
        m.put("efficiencyBatch1", efficiencyBatch1());
        m.put("latencyMaskedBatch128Micros", latencyBatch128.medianNanosA() / 1e3);
        m.put("latencyCompactedBatch128Micros", latencyBatch128.medianNanosB() / 1e3);
        m.put("latencyRatioBatch128", latencyRatioBatch128);
        m.put("speedupBatch128", speedupBatch128());
        m.put("efficiencyBatch128", efficiencyBatch128());
        m.put("maxAbsOutputDiff", maxAbsOutputDiff);
        m.put("accuracyDense", accuracyDense);
        m.put("accuracyMasked", accuracyMasked);
        m.put("accuracyCompacted", accuracyCompacted);
        m.put("pruneSteps", pruneSteps);
        m.put("retrainEpochs", retrainEpochs);
        return m;
    }

    /** A Markdown table of the figures. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("| figure | value |\n|---|---:|\n");
        toMap().forEach((k, v) -> sb.append("| ").append(k).append(" | ")
                .append(v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : v).append(" |\n"));
        return sb.toString();
    }
}
