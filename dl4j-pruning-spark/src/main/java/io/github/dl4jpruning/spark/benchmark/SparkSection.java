package io.github.dl4jpruning.spark.benchmark;

/**
 * The {@code spark} block of {@code benchmark.json} (field names fixed by issue 12).
 *
 * @param workers               Spark workers (threads of the {@code local[n]} master)
 * @param accuracySingleMachine test accuracy of the same experiment on one machine, after retraining
 * @param accuracySpark         test accuracy of the experiment on Spark, after retraining
 * @param resurrectedWeights    pruned weights found non-zero after an averaging round (before the driver re-masks),
 *                              summed over every round, plus any non-zero at the end
 * @param secondsPerEpochSpark  wall time per epoch of {@code fit(rdd)} on Spark
 * @param secondsPerEpochSingle wall time per epoch of {@code fit} on one machine
 * @param pruneStepMillis       the pruning step's own time on the Spark driver
 */
public record SparkSection(int workers, double accuracySingleMachine, double accuracySpark, long resurrectedWeights,
                           double secondsPerEpochSpark, double secondsPerEpochSingle, double pruneStepMillis) {
}
