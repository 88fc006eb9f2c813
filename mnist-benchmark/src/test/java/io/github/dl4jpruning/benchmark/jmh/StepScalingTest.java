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
