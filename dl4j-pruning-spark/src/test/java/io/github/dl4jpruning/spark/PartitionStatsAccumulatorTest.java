package io.github.dl4jpruning.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.stats.ActivationStats;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The accumulator's merge is idempotent per partition: the same partition reported twice counts once. */
class PartitionStatsAccumulatorTest {

    private static StatsContribution contribution(String key, double... values) {
        ActivationStats s = new ActivationStats(0);
        double[][] rows = new double[values.length][1];
        for (int i = 0; i < values.length; i++) {
            rows[i][0] = values[i];
        }
        s.record("0", Nd4j.create(rows));
        return new StatsContribution(key, s);
    }

    /** What a task sends: a fresh copy holding only its own contributions. */
    private static PartitionStatsAccumulator task(StatsContribution... contributions) {
        PartitionStatsAccumulator acc = new PartitionStatsAccumulator(0);
        for (StatsContribution c : contributions) {
            acc.add(c);
        }
        return acc;
    }

    @Test
    void contributionsOfOneTaskAddUp() {
        PartitionStatsAccumulator acc = task(contribution("0/1/0", 1, 2), contribution("0/1/0", 3));
        assertThat(acc.merged().get("0").samples()).isEqualTo(3);
        assertThat(acc.merged().get("0").meanAbs()).containsExactly(2.0);
    }

    @Test
    void aPartitionReportedTwiceCountsOnceAndOthersAdd() {
        PartitionStatsAccumulator driver = new PartitionStatsAccumulator(0);
        driver.merge(task(contribution("0/1/0", 1, 2)));
        driver.merge(task(contribution("0/1/1", 4)));
        driver.merge(task(contribution("0/1/0", 1, 2)));   // a speculative copy, or a recomputed stage
        driver.merge(task(contribution("1/5/0", 8)));      // the same partition index in another epoch adds

        ActivationStats all = driver.merged();
        assertThat(all.get("0").samples()).isEqualTo(4);
        assertThat(all.get("0").meanAbs()).containsExactly((1 + 2 + 4 + 8) / 4.0);
        assertThat(driver.value().keySet()).containsExactly("0/1/0", "0/1/1", "1/5/0");
    }

    @Test
    void copyAndResetAreIndependentOfTheOriginal() {
        PartitionStatsAccumulator acc = task(contribution("0/1/0", 1));
        PartitionStatsAccumulator copy = acc.copy();
        acc.add(contribution("0/1/0", 5));
        assertThat(copy.merged().get("0").samples()).isEqualTo(1);
        acc.reset();
        assertThat(acc.isZero()).isTrue();
        assertThat(copy.isZero()).isFalse();
    }
}
