package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.stats.ActivationStatsListener;

/**
 * The callback's {@code statisticsUntilScheduleDone()}: pauses the statistics listener once the schedule has no step
 * left, and resumes it if this pause was its own and a step lies ahead again (a schedule that counts from the point
 * of attachment, a new binding). Checked after the first iteration of a binding, after each pruning step and at every
 * epoch's end, not every iteration.
 */
final class StatisticsPause {

    private final boolean enabled;
    /** Set when the answer to "does a scheduled step remain" may have changed: checked after the next iteration. */
    private boolean due = true;
    /** Whether this object paused the listener (and may resume it). */
    private boolean paused;
    /** Whether the last check found no scheduled step left. */
    private boolean scheduleDone;

    /** @param enabled whether the callback was built with {@code statisticsUntilScheduleDone()} */
    StatisticsPause(boolean enabled) {
        this.enabled = enabled;
    }

    /** The schedule's remaining steps may have changed (a binding, a pruning step): check after the next iteration. */
    void markDue() {
        due = true;
    }

    /** After an iteration: checks if {@link #markDue()} asked for it. */
    void afterIteration(ActivationStatsListener listener, PruningSchedule schedule, int epoch, int iteration) {
        if (due) {
            check(listener, schedule, epoch, iteration);
        }
    }

    /** At an epoch's end, with the position the next epoch starts from. */
    void atEpochEnd(ActivationStatsListener listener, PruningSchedule schedule, int nextEpoch, int iteration) {
        if (enabled) {
            check(listener, schedule, nextEpoch, iteration);
        }
        due = false;
    }

    private void check(ActivationStatsListener listener, PruningSchedule s, int epoch, int iteration) {
        due = false;
        if (!enabled || listener == null || s == null) {
            return;
        }
        if (s.stepsRemainFrom(epoch, iteration)) {
            if (paused) {
                listener.resume();
            }
            paused = false;
            scheduleDone = false;
        } else if (!scheduleDone) {
            // Paused once when the schedule runs out: a user who resumes the listener afterwards keeps it recording.
            scheduleDone = true;
            if (!listener.isPaused()) {
                listener.pause("the pruning schedule has no step left from epoch " + epoch + ", iteration "
                        + iteration + " on (EnergyPruningCallback built with statisticsUntilScheduleDone())");
                paused = true;
            }
        }
    }
}
