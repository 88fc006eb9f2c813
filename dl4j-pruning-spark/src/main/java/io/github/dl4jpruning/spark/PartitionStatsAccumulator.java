package io.github.dl4jpruning.spark;

import io.github.dl4jpruning.stats.ActivationStats;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * A Spark accumulator of activation statistics, one entry per partition and epoch. Within a task, contributions add
 * up (every minibatch of the partition); between tasks, entries with the same key are not added twice: the first
 * one the driver merges is kept. Spark already drops the updates of a failed task attempt; keying by partition also
 * makes a partition that succeeds twice (speculation, a stage recomputed after a lost executor) count once.
 *
 * <pre>{@code
 * PartitionStatsAccumulator acc = new PartitionStatsAccumulator(0.0);
 * sc.sc().register(acc, "activation statistics");
 * // ... tasks call acc.add(contribution) ...
 * ActivationStats epoch = acc.merged();
 * }</pre>
 */
final class PartitionStatsAccumulator extends AccumulatorV2<StatsContribution, Map<String, ActivationStats>> {
    private static final long serialVersionUID = 1L;

    private final double epsilon;
    private final TreeMap<String, ActivationStats> byPartition = new TreeMap<>();

    /** @param epsilon the firing threshold every contribution was recorded with */
    PartitionStatsAccumulator(double epsilon) {
        this.epsilon = epsilon;
    }

    @Override
    public boolean isZero() {
        return byPartition.isEmpty();
    }

    @Override
    public PartitionStatsAccumulator copy() {
        PartitionStatsAccumulator c = new PartitionStatsAccumulator(epsilon);
        byPartition.forEach((k, v) -> c.byPartition.put(k, v.copy()));
        return c;
    }

    @Override
    public void reset() {
        byPartition.clear();
    }

    /** Adds one task's sums to its partition's entry (the same task adds every minibatch it sampled). */
    @Override
    public void add(StatsContribution c) {
        byPartition.computeIfAbsent(c.partitionKey(), k -> new ActivationStats(epsilon)).merge(c.stats());
    }

    /** Takes the partitions {@code other} has and this one has not; a partition already here is kept as it is. */
    @Override
    public void merge(AccumulatorV2<StatsContribution, Map<String, ActivationStats>> other) {
        other.value().forEach((k, v) -> byPartition.putIfAbsent(k, v.copy()));
    }

    /** The statistics by partition key (unmodifiable, live). */
    @Override
    public Map<String, ActivationStats> value() {
        return Collections.unmodifiableMap(byPartition);
    }

    /** All partitions merged in key order: the statistics of every example the workers sampled. */
    ActivationStats merged() {
        ActivationStats all = new ActivationStats(epsilon);
        byPartition.values().forEach(all::merge);
        return all;
    }
}
