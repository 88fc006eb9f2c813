package io.github.dl4jpruning.spark;

import io.github.dl4jpruning.stats.ActivationStats;
import java.io.Serializable;

/**
 * What one Spark task adds to the statistics of an epoch: the activation sums of some of its minibatches, under the
 * key of the task's partition ({@code epoch/stage/partition}). All contributions of one task share a key and add up;
 * a second successful run of the same partition (a speculative copy, a recomputed stage) brings the same key again
 * and is dropped by {@link PartitionStatsAccumulator#merge}.
 *
 * @param partitionKey {@code "<epoch>/<stage>/<partition>"}
 * @param stats        the sums recorded by the task (sums and counts, never means)
 */
record StatsContribution(String partitionKey, ActivationStats stats) implements Serializable {
}
