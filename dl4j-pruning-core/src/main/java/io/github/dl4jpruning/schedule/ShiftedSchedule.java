package io.github.dl4jpruning.schedule;

/**
 * A schedule that counts epochs and iterations from an origin instead of from 0: epoch {@code e} of the network is
 * epoch {@code e - epoch} of {@code base}, and nothing happens before the origin. Built by
 * {@link PruningSchedule#startingAt(int, int)}.
 *
 * @param base      the schedule, counted from 0
 * @param epoch     the network's epoch counter that counts as epoch 0 of {@code base}
 * @param iteration the network's iteration counter that counts as iteration 0 of {@code base}
 */
record ShiftedSchedule(PruningSchedule base, int epoch, int iteration) implements PruningSchedule {

    ShiftedSchedule {
        if (base == null) {
            throw new IllegalArgumentException("base schedule must not be null");
        }
        if (epoch < 0 || iteration < 0) {
            throw new IllegalArgumentException("origin must be epoch >= 0 and iteration >= 0, got epoch=" + epoch
                    + ", iteration=" + iteration);
        }
    }

    @Override
    public PruneDecision atEpochEnd(int e) {
        return e < epoch ? PruneDecision.none() : base.atEpochEnd(e - epoch);
    }

    @Override
    public PruneDecision atIteration(int i) {
        return i < iteration ? PruneDecision.none() : base.atIteration(i - iteration);
    }

    @Override
    public boolean stepsRemainFrom(int e, int i) {
        return base.stepsRemainFrom(Math.max(0, e - epoch), Math.max(0, i - iteration));
    }

    @Override
    public double finalTarget() {
        return base.finalTarget();
    }
}
