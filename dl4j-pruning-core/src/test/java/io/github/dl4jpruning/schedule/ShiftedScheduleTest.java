package io.github.dl4jpruning.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.dl4jpruning.schedule.PolynomialDecaySchedule.Unit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShiftedScheduleTest {

    @Test
    void startingAtCountsEpochsAndIterationsFromTheOrigin() {
        PruningSchedule s = PruningSchedule.oneShot(0, 0.5).startingAt(3, 40);
        assertThat(s.atEpochEnd(0).prune()).isFalse();
        assertThat(s.atEpochEnd(2).prune()).isFalse();
        assertThat(s.atEpochEnd(3)).isEqualTo(PruneDecision.pruneTo(0.5));
        assertThat(s.atEpochEnd(4).prune()).isFalse();
        assertThat(s.finalTarget()).isEqualTo(0.5);

        PruningSchedule it = PruningSchedule.polynomial(0, 10, 5, 0.1, 0.5, 3, Unit.ITERATIONS).startingAt(3, 40);
        assertThat(it.atIteration(39).prune()).as("before the origin").isFalse();
        assertThat(it.atIteration(40).target()).isCloseTo(0.1, within(1e-12));
        assertThat(it.atIteration(50)).isEqualTo(PruneDecision.pruneTo(0.5));
    }

    @Test
    void startingAtZeroIsTheScheduleItselfAndANegativeOriginIsRejected() {
        PruningSchedule s = PruningSchedule.oneShot(1, 0.5);
        assertThat(s.startingAt(0, 0)).isSameAs(s);
        assertThatThrownBy(() -> s.startingAt(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epoch=-1");
    }

    /** The README's schedule: a 0% step is no step, so the first weights go at the end of epoch 1 (0-based). */
    @Test
    void theReadmePolynomialPrunesAtTheEndsOfEpochsOneToThree() {
        PruningSchedule s = PruningSchedule.polynomial(0, 3, 1, 0.0, 0.9, 3, Unit.EPOCHS);
        List<Integer> epochs = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        for (int e = 0; e < 10; e++) {
            if (s.atEpochEnd(e).prune()) {
                epochs.add(e);
                targets.add(s.atEpochEnd(e).target());
            }
        }
        assertThat(epochs).containsExactly(1, 2, 3);
        assertThat(targets.get(0)).isCloseTo(0.9 - 0.9 * 8.0 / 27, within(1e-12));
        assertThat(targets.get(1)).isCloseTo(0.9 - 0.9 / 27, within(1e-12));
        assertThat(targets.get(2)).isEqualTo(0.9);
    }
}
