package io.github.dl4jpruning.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.schedule.PolynomialDecaySchedule.Unit;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class StepsRemainTest {

    private static final int HORIZON = 400;

    /** Whether the schedule prunes at any epoch end or iteration from the position on, found by asking it. */
    private static boolean scanned(PruningSchedule s, int epoch, int iteration) {
        for (int e = epoch; e < HORIZON; e++) {
            if (s.atEpochEnd(e).prune()) {
                return true;
            }
        }
        for (int i = iteration; i < HORIZON; i++) {
            if (s.atIteration(i).prune()) {
                return true;
            }
        }
        return false;
    }

    @Property(tries = 200)
    void builtInSchedulesAnswerAsAScanOfTheirPoints(@ForAll @IntRange(max = 20) int a, @ForAll @IntRange(min = 1, max = 5) int b,
                                                    @ForAll @IntRange(min = 1, max = 4) int steps,
                                                    @ForAll @IntRange(max = 60) int epoch,
                                                    @ForAll @IntRange(max = 150) int iteration,
                                                    @ForAll @IntRange(max = 3) int shiftE, @ForAll @IntRange(max = 30) int shiftI) {
        List<PruningSchedule> schedules = List.of(PruningSchedule.never(), PruningSchedule.oneShot(a, 0.5),
                PruningSchedule.iterative(a, b, steps, 0.8),
                PruningSchedule.polynomial(a, a + b * steps, b, 0.0, 0.9, 3, Unit.EPOCHS),
                PruningSchedule.polynomial(a, a + b * steps, b, 0.2, 0.9, 1, Unit.ITERATIONS),
                PruningSchedule.polynomial(a, a + 7, 2, 0.0, 0.0, 1, Unit.ITERATIONS),
                PruningSchedule.iterative(a, b, steps, 0.8).startingAt(shiftE, shiftI),
                PruningSchedule.polynomial(a, a + b * steps, b, 0.1, 0.5, 2, Unit.ITERATIONS).startingAt(shiftE, shiftI));
        for (PruningSchedule s : schedules) {
            assertThat(s.stepsRemainFrom(epoch, iteration)).as("%s from epoch %d, iteration %d", s, epoch, iteration)
                    .isEqualTo(scanned(s, epoch, iteration));
        }
    }

    @Test
    void aScheduleItCannotSeeIntoIsAssumedToPruneAgain() {
        PruningSchedule lambda = e -> PruneDecision.none();
        assertThat(lambda.stepsRemainFrom(0, 0)).isTrue();
        assertThat(PruningSchedule.oneShot(2, 0.5).stepsRemainFrom(2, 0)).isTrue();
        assertThat(PruningSchedule.oneShot(2, 0.5).stepsRemainFrom(3, 0)).isFalse();
        assertThat(PruningSchedule.never().stepsRemainFrom(0, 0)).isFalse();
    }
}
