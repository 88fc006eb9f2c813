package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.schedule.PruneDecision;
import io.github.dl4jpruning.schedule.PruningSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a callback's schedule against the bound network's counters: fixes the origin of a schedule counted from the
 * attach point, warns once per binding about a schedule whose points all lie in the past ({@link ScheduleCheck}),
 * and counts the iterations of the current epoch so a step at the end of an epoch without data can be refused.
 */
final class ScheduleDriver {
    private static final Logger log = LoggerFactory.getLogger(EnergyPruningCallback.class);

    private final PruningSchedule configured;
    private PruningSchedule schedule;
    private boolean checked;
    private int iterationsThisEpoch = -1;

    /** @param fromAttach whether epochs and iterations count from the network's position at the first binding */
    ScheduleDriver(PruningSchedule configured, boolean fromAttach) {
        this.configured = configured;
        this.schedule = fromAttach ? null : configured;
    }

    /** Called with the bound network on every event; checks once per binding. */
    void bound(NetworkAdapter net) {
        if (checked) {
            return;
        }
        checked = true;
        if (schedule == null) {
            // Counted from here on: the position of the first network the callback binds to.
            schedule = configured.startingAt(net.epochCount(), net.iterationCount());
        }
        ScheduleCheck.exhausted(schedule, net.epochCount(), net.iterationCount()).ifPresent(log::warn);
    }

    /** A new binding: warn again if the schedule is exhausted for it (the origin stays). */
    void rebound() {
        checked = false;
    }

    /** The schedule as the network's counters see it ({@code null} before the first binding of a relative one). */
    PruningSchedule schedule() {
        return schedule;
    }

    void epochStarted() {
        iterationsThisEpoch = 0;
    }

    /** The decision after an iteration. */
    PruneDecision afterIteration(int iteration) {
        if (iterationsThisEpoch >= 0) {
            iterationsThisEpoch++;
        }
        return schedule.atIteration(iteration);
    }

    /** The decision at the end of {@code epoch}. */
    PruneDecision atEpochEnd(int epoch) {
        return schedule.atEpochEnd(epoch);
    }

    /** Whether the epoch that is ending started with {@code onEpochStart} and ran no iteration. */
    boolean epochSawNoData() {
        return iterationsThisEpoch == 0;
    }

    void epochEnded() {
        iterationsThisEpoch = -1;
    }
}
