package io.github.dl4jpruning.schedule;

/** A schedule that never prunes: the callback only holds the masks it has (and prunes on {@code pruneNow}). */
record NeverSchedule() implements PruningSchedule {

    @Override
    public PruneDecision atEpochEnd(int epoch) {
        return PruneDecision.none();
    }

    @Override
    public boolean stepsRemainFrom(int epoch, int iteration) {
        return false;
    }
}
