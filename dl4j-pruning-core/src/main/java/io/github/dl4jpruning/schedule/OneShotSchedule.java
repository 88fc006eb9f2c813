package io.github.dl4jpruning.schedule;

/** Prune once, at the end of one epoch. */
record OneShotSchedule(int epoch, double target) implements PruningSchedule {

    public OneShotSchedule {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        PruningSchedule.checkTarget("target", target);
    }

    @Override
    public PruneDecision atEpochEnd(int e) {
        return e == epoch ? PruneDecision.pruneTo(target) : PruneDecision.none();
    }

    @Override
    public boolean stepsRemainFrom(int e, int iteration) {
        return epoch >= e;
    }

    @Override
    public double finalTarget() {
        return target;
    }
}
