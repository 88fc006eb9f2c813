package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.criteria.PruningCriterion;
import io.github.dl4jpruning.schedule.PruningSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a schedule that will never prune again on a network: all of its points lie before the network's epoch and
 * iteration counters (for example {@code polynomial(0, 3, ...)} attached to a network that already trained 5 epochs).
 * A schedule is a pure function, so its points are found by asking it: epochs and iterations up to the counters and a
 * look-ahead window beyond them.
 */
final class ScheduleCheck {

    /** How far past the network's counters the schedule is asked. */
    static final int EPOCHS_AHEAD = 10_000;
    static final int ITERATIONS_AHEAD = 1_000_000;
    /** How many past points are scanned (and at most named). */
    private static final int MAX_PAST_SCAN = 1_000_000;
    private static final int MAX_NAMED = 8;

    private ScheduleCheck() {
    }

    /**
     * A warning if {@code schedule} has points, all before {@code epoch}/{@code iteration}; empty otherwise (also for
     * a schedule without any point, such as {@link PruningSchedule#never()}).
     *
     * @param epoch     the network's epoch counter (epochs completed)
     * @param iteration the network's iteration counter
     */
    static Optional<String> exhausted(PruningSchedule schedule, int epoch, int iteration) {
        for (int e = epoch; e < epoch + EPOCHS_AHEAD; e++) {
            if (schedule.atEpochEnd(e).prune()) {
                return Optional.empty();
            }
        }
        for (int i = iteration; i < iteration + ITERATIONS_AHEAD; i++) {
            if (schedule.atIteration(i).prune()) {
                return Optional.empty();
            }
        }
        List<String> past = new ArrayList<>();
        int found = 0;
        for (int e = 0; e < Math.min(epoch, MAX_PAST_SCAN); e++) {
            if (schedule.atEpochEnd(e).prune()) {
                found++;
                if (past.size() < MAX_NAMED) {
                    past.add("end of epoch " + e + " -> " + schedule.atEpochEnd(e).target());
                }
            }
        }
        for (int i = 0; i < Math.min(iteration, MAX_PAST_SCAN); i++) {
            if (schedule.atIteration(i).prune()) {
                found++;
                if (past.size() < MAX_NAMED) {
                    past.add("iteration " + i + " -> " + schedule.atIteration(i).target());
                }
            }
        }
        if (found == 0) {
            return Optional.empty();
        }
        return Optional.of("the pruning schedule will never prune this network: its " + found + " point(s) "
                + past + (found > past.size() ? " ..." : "") + " all lie before the network's position (epoch "
                + epoch + ", iteration " + iteration + "). Schedules count DL4J's epoch and iteration counters, "
                + "which keep running across fit() calls: build the callback with .scheduleFromAttach() to count from "
                + "here, shift the schedule to start at epoch " + epoch + " (or iteration " + iteration
                + "), or use pruneNow(...)");
    }

    /**
     * Fails if {@code criterion} needs activation statistics and the epoch that ended ran no iteration: the
     * statistics would describe another epoch.
     *
     * @throws IllegalStateException naming the epoch and the criterion
     */
    static void refuseStepWithoutData(PruningCriterion criterion, int epoch) {
        if (criterion.needsActivationStats()) {
            throw new IllegalStateException("epoch " + epoch + " saw no data (no training iteration ran in it), so "
                    + "criterion '" + criterion.name() + "' would rank the weights by activation statistics "
                    + "that do not describe this epoch; the network was not pruned. Check that the training "
                    + "iterator is not empty (or was reset)");
        }
    }
}
