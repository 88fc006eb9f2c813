package io.github.dl4jpruning.benchmark.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepScalingTest {

    @Test
    void onePointPerSizeWithItsWeightCountAndAMedianTime() {
        List<StepScaling> points = StepScaling.measure(List.of("784-16-10", "32-8-4"), 3);

        assertThat(points).extracting(StepScaling::weights).containsExactly(784L * 16 + 16 * 10, 32L * 8 + 8 * 4);
        assertThat(points).allSatisfy(p -> assertThat(p.millis()).isPositive().isFinite());
    }

    @Test
    void detailedTimingsGiveThreadCpuTimeBesideWallTimeAndTheCollectorsTime() {
        List<StepScaling.StepTiming> timings = StepScaling.measureDetailed(List.of("784-16-10"), 3);

        assertThat(timings).singleElement().satisfies(t -> {
            assertThat(t.weights()).isEqualTo(784L * 16 + 16 * 10);
            assertThat(t.repetitions()).isEqualTo(3);
            assertThat(t.cpuMillis()).isPositive().isFinite();
            assertThat(t.cpuMin()).isPositive().isLessThanOrEqualTo(t.cpuMillis());
            assertThat(t.wallMin()).isPositive().isLessThanOrEqualTo(t.wallMillis());
            assertThat(t.gcMillis()).isGreaterThanOrEqualTo(0);
        });
    }

    @Test
    void theTableSaysHowFlatTheCostPerMillionIsFromAMillionWeightsUp() {
        String table = StepScaling.table(List.of(
                new StepScaling.StepTiming(100_000, 50, 40, 20, 18, 0, 1, 5),
                new StepScaling.StepTiming(1_000_000, 30, 25, 20, 19, 1, 10, 5),
                new StepScaling.StepTiming(4_000_000, 90, 80, 100, 90, 2, 40, 5)));

        // 30 and 22.5 ms per million of wall time, 20 and 25 of CPU time; the 0.1M row (500 per million) is left out.
        assertThat(table).contains("| 1,000,000 | 30.0 | 25.0 | 20.0 | 19.0 | 1 | 10 | 30.0 | 20.0 |")
                .contains("largest / smallest: wall 1.33, thread CPU 1.25");
    }

    @Test
    void badArgumentsAreRejectedNamingThem() {
        assertThatThrownBy(() -> StepScaling.measure(List.of("784-16-10"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> StepScaling.measure(List.of("784-x-10"), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("784-x-10");
    }

    @Test
    void maxWeightsChoosesTheSizesUpToItAndOnlyTheLargestNeedsItRaised() {
        assertThat(StepScaling.sizesUpTo(StepScaling.DEFAULT_MAX_WEIGHTS)).last().isEqualTo("784-2048-2048-2048-10");
        assertThat(StepScaling.sizesUpTo(110_000_000L)).last().isEqualTo("784-7000-7000-7000-10");
        assertThat(StepScaling.sizesUpTo(110_000_000L)).hasSize(PruneStepBenchmark.SIZES.length);
        assertThatThrownBy(() -> StepScaling.sizesUpTo(1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--max-weights 1000");
    }

    @Test
    void runAloneItWritesThePruneStepScalingBlock(@TempDir Path dir) throws Exception {
        StepScaling.main(new String[] {"--max-weights", "110000", "--repetitions", "1", "--out", dir.toString()});

        JsonNode points = new ObjectMapper().readTree(dir.resolve(StepScaling.RESULT_FILE).toFile())
                .get("pruneStepScaling");
        assertThat(points).hasSize(1);
        assertThat(points.get(0).get("weights").asLong()).isEqualTo(784L * 128 + 128 * 10);
        assertThat(points.get(0).get("millis").asDouble()).isPositive();
    }

    @Test
    void badCommandLinesAreRejectedNamingTheArgument() {
        assertThatThrownBy(() -> StepScaling.main(new String[] {"--max-weight", "5"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'--max-weight'");
        assertThatThrownBy(() -> StepScaling.main(new String[] {"--max-weights", "lots"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'lots'");
        assertThatThrownBy(() -> StepScaling.main(new String[] {"--repetitions"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--repetitions needs a value");
    }
}
