package io.github.dl4jpruning.benchmark.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

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
}
