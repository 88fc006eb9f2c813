package io.github.dl4jpruning.schedule;

/**
 * Prune at the end of epochs {@code start, start + every, ...} ({@code steps} times). Step {@code j} (1-based) aims
 * for {@code 1 - (1 - final)^(j / steps)}: each step removes the same share of what is still alive, as in Han et
 * al.'s iterative prune-and-retrain.
 */
record IterativeSchedule(int start, int every, int steps, double finalTarget) implements PruningSchedule {

    public IterativeSchedule {
        if (start < 0) {
            throw new IllegalArgumentException("start epoch must be >= 0, got " + start);
        }
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1 epoch, got " + every);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        PruningSchedule.checkTarget("finalTarget", finalTarget);
    }

    @Override
    public boolean stepsRemainFrom(int epoch, int iteration) {
        // The last step ends epoch start + (steps - 1) * every.
        return (long) start + (long) (steps - 1) * every >= epoch;
    }

    @Override
    public PruneDecision atEpochEnd(int epoch) {
        if (epoch < start || (epoch - start) % every != 0) {
            return PruneDecision.none();
        }
        int j = (epoch - start) / every + 1;
        if (j > steps) {
            return PruneDecision.none();
        }
        if (j == steps) {
            // 1 - (1 - f) is not always f in floating point; the last step must ask for the final target itself.
            return PruneDecision.pruneTo(finalTarget);
        }
        return PruneDecision.pruneTo(1 - Math.pow(1 - finalTarget, (double) j / steps));
    }
}
