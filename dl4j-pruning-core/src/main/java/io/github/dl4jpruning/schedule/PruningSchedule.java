package io.github.dl4jpruning.schedule;

import java.io.Serializable;

/**
 * When to prune and to what target. A schedule is a pure function of the training position, so that a restored
 * network resumes where it stopped. Epochs are 0-based indices of the epoch that just ended; iterations are DL4J's
 * iteration counter after the update. Target values are fractions; whether they mean sparsity or energy reduction is
 * set by the {@code PruningConfig}'s target kind. Positions are DL4J's counters unless the callback counts them from
 * the point it is attached ({@code scheduleFromAttach()}, or {@link #startingAt(int, int)}).
 *
 * <pre>{@code
 * PruningSchedule s = PruningSchedule.polynomial(0, 3, 1, 0.0, 0.9, 3, PolynomialDecaySchedule.Unit.EPOCHS);
 * PruningSchedule custom = epoch -> epoch == 2 ? PruneDecision.pruneTo(0.5) : PruneDecision.none();
 * }</pre>
 */
@FunctionalInterface
public interface PruningSchedule extends Serializable {

    /** The decision at the end of epoch {@code epoch} (0-based). */
    PruneDecision atEpochEnd(int epoch);

    /** The decision after iteration {@code iteration}; by default never. */
    default PruneDecision atIteration(int iteration) {
        return PruneDecision.none();
    }

    /**
     * Whether the schedule may still prune at the end of an epoch {@code >= epoch} or after an iteration
     * {@code >= iteration}: {@code false} only when it certainly will not. The built-in schedules answer exactly; the
     * default, for schedules it cannot see into (a lambda), is {@code true}. An {@code EnergyPruningCallback} built
     * with {@code statisticsUntilScheduleDone()} stops its statistics once this is {@code false}.
     *
     * @param epoch     index of the next epoch end to come
     * @param iteration the next iteration counter to come
     */
    default boolean stepsRemainFrom(int epoch, int iteration) {
        return true;
    }

    /** The largest target the schedule will ask for (for validation when the callback is built). */
    default double finalTarget() {
        return Double.NaN;
    }

    /**
     * This schedule counted from the network's position {@code (epoch, iteration)} instead of from 0: for a network
     * trained elsewhere whose DL4J counters already run (the callback's {@code scheduleFromAttach()} does this at the
     * point it binds).
     *
     * <pre>{@code
     * PruningSchedule s = PruningSchedule.oneShot(0, 0.5).startingAt(net.getEpochCount(), net.getIterationCount());
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code epoch} or {@code iteration} is negative
     */
    default PruningSchedule startingAt(int epoch, int iteration) {
        return epoch == 0 && iteration == 0 ? this : new ShiftedSchedule(this, epoch, iteration);
    }

    /** Never prune on its own: for callbacks used only to hold masks, or driven by {@code pruneNow}. */
    static PruningSchedule never() {
        return new NeverSchedule();
    }

    /** Prune once, at the end of epoch {@code epoch}, to {@code target}. */
    static PruningSchedule oneShot(int epoch, double target) {
        return new OneShotSchedule(epoch, target);
    }

    /**
     * Prune {@code steps} times, every {@code every} epochs from {@code start}, each step removing the same share of
     * what is still alive, so the last step reaches {@code finalTarget}.
     */
    static PruningSchedule iterative(int start, int every, int steps, double finalTarget) {
        return new IterativeSchedule(start, every, steps, finalTarget);
    }

    /** Zhu and Gupta's automated gradual pruning (polynomial decay); see {@link PolynomialDecaySchedule}. */
    static PruningSchedule polynomial(int begin, int end, int frequency, double initialTarget, double finalTarget,
                                      double power, PolynomialDecaySchedule.Unit unit) {
        return new PolynomialDecaySchedule(begin, end, frequency, initialTarget, finalTarget, power, unit);
    }

    /** Checks that a target fraction lies in [0, 1). */
    static void checkTarget(String what, double t) {
        if (!(t >= 0 && t < 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1), got " + t);
        }
    }
}
