package io.github.dl4jpruning.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.dl4jpruning.schedule.PolynomialDecaySchedule.Unit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PruningScheduleTest {

    @Test
    void oneShotPrunesOnlyAtItsEpoch() {
        PruningSchedule s = PruningSchedule.oneShot(2, 0.8);
        assertThat(s.atEpochEnd(0).prune()).isFalse();
        assertThat(s.atEpochEnd(1).prune()).isFalse();
        assertThat(s.atEpochEnd(2)).isEqualTo(PruneDecision.pruneTo(0.8));
        assertThat(s.atEpochEnd(3).prune()).isFalse();
        assertThat(s.atIteration(2).prune()).isFalse();
        assertThat(s.finalTarget()).isEqualTo(0.8);
    }

    @Test
    void iterativeStepsRemoveTheSameShareOfWhatIsAlive() {
        PruningSchedule s = PruningSchedule.iterative(1, 2, 3, 0.875);
        assertThat(s.atEpochEnd(0).prune()).isFalse();
        assertThat(s.atEpochEnd(1).target()).isCloseTo(0.5, within(1e-12));
        assertThat(s.atEpochEnd(2).prune()).isFalse();
        assertThat(s.atEpochEnd(3).target()).isCloseTo(0.75, within(1e-12));
        assertThat(s.atEpochEnd(5).target()).isEqualTo(0.875);
        assertThat(s.atEpochEnd(7).prune()).as("after the last step").isFalse();
        assertThat(s.finalTarget()).isEqualTo(0.875);
    }

    @Property(tries = 50)
    void iterativeReachesTheFinalTargetExactlyAtTheLastStep(@ForAll @IntRange(min = 0, max = 5) int start,
                                                            @ForAll @IntRange(min = 1, max = 3) int every,
                                                            @ForAll @IntRange(min = 1, max = 8) int steps,
                                                            @ForAll @DoubleRange(min = 0, max = 0.999) @net.jqwik.api.constraints.Scale(6) double fin) {
        PruningSchedule s = PruningSchedule.iterative(start, every, steps, fin);
        double previous = 0;
        for (int j = 1; j <= steps; j++) {
            PruneDecision d = s.atEpochEnd(start + (j - 1) * every);
            assertThat(d.prune()).isTrue();
            assertThat(d.target()).isGreaterThanOrEqualTo(previous);
            previous = d.target();
        }
        assertThat(previous).isEqualTo(fin);
    }

    /** Zhu and Gupta, "To prune, or not to prune" (2017), eq. 1, computed here by hand. */
    @Test
    void polynomialFollowsZhuAndGuptasCubicByHand() {
        PolynomialDecaySchedule s = new PolynomialDecaySchedule(0, 4, 1, 0.0, 0.8, 3, Unit.EPOCHS);
        // s_t = 0.8 + (0 - 0.8) * (1 - t/4)^3
        assertThat(s.targetAt(0)).isCloseTo(0.0, within(1e-12));
        assertThat(s.targetAt(1)).isCloseTo(0.8 - 0.8 * 27.0 / 64, within(1e-12)); // 0.4625
        assertThat(s.targetAt(2)).isCloseTo(0.7, within(1e-12));                  // 0.8 - 0.8/8
        assertThat(s.targetAt(3)).isCloseTo(0.8 - 0.8 / 64, within(1e-12));       // 0.7875
        assertThat(s.targetAt(4)).isEqualTo(0.8);
        assertThat(s.targetAt(5)).isNaN();
        assertThat(s.atEpochEnd(0).prune()).as("a target of 0 prunes nothing").isFalse();
        assertThat(s.atEpochEnd(2)).isEqualTo(PruneDecision.pruneTo(s.targetAt(2)));
        assertThat(s.atIteration(2).prune()).as("epoch unit ignores iterations").isFalse();
    }

    @Test
    void polynomialWithInitialTargetAndFrequencyIncludesTheEnd() {
        PolynomialDecaySchedule s = new PolynomialDecaySchedule(10, 20, 4, 0.2, 0.9, 3, Unit.ITERATIONS);
        assertThat(s.targetAt(10)).isCloseTo(0.2, within(1e-12));
        assertThat(s.targetAt(14)).isCloseTo(0.9 + (0.2 - 0.9) * Math.pow(0.6, 3), within(1e-12));
        assertThat(s.targetAt(18)).isCloseTo(0.9 + (0.2 - 0.9) * Math.pow(0.2, 3), within(1e-12));
        assertThat(s.targetAt(12)).isNaN();
        assertThat(s.targetAt(20)).as("end is a step even off the frequency grid").isEqualTo(0.9);
        assertThat(s.atIteration(14).prune()).isTrue();
        assertThat(s.atEpochEnd(14).prune()).isFalse();
        assertThat(s.finalTarget()).isEqualTo(0.9);
    }

    @Test
    void invalidSchedulesAreRejectedWithTheValue() {
        assertThatThrownBy(() -> PruningSchedule.polynomial(5, 3, 1, 0, 0.5, 3, Unit.EPOCHS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("begin=5").hasMessageContaining("end=3");
        assertThatThrownBy(() -> PruningSchedule.polynomial(2, 2, 1, 0, 0.5, 3, Unit.EPOCHS)).hasMessageContaining("end=2");
        assertThatThrownBy(() -> PruningSchedule.oneShot(0, 1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> PruningSchedule.oneShot(0, -0.1)).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> PruningSchedule.oneShot(-1, 0.5)).hasMessageContaining("-1");
        assertThatThrownBy(() -> PruningSchedule.iterative(-2, 1, 2, 0.5)).hasMessageContaining("-2");
        assertThatThrownBy(() -> PruningSchedule.iterative(0, 0, 2, 0.5)).hasMessageContaining("0");
        assertThatThrownBy(() -> PruningSchedule.iterative(0, 1, 0, 0.5)).hasMessageContaining("steps");
        assertThatThrownBy(() -> PruningSchedule.iterative(0, 1, 2, 1.0)).hasMessageContaining("1.0");
        assertThatThrownBy(() -> PruningSchedule.polynomial(0, 3, 0, 0, 0.5, 3, Unit.EPOCHS)).hasMessageContaining("frequency");
        assertThatThrownBy(() -> PruningSchedule.polynomial(0, 3, 1, 0.6, 0.5, 3, Unit.EPOCHS)).hasMessageContaining("0.6");
        assertThatThrownBy(() -> PruningSchedule.polynomial(0, 3, 1, 0, 0.5, 0.5, Unit.EPOCHS)).hasMessageContaining("0.5");
        assertThatThrownBy(() -> PruningSchedule.polynomial(0, 3, 1, 0, 0.5, 3, null)).hasMessageContaining("null");
    }
}
