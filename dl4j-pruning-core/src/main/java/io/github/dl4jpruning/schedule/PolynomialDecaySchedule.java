package io.github.dl4jpruning.schedule;

/**
 * Automated gradual pruning (Zhu and Gupta, "To prune, or not to prune", 2017):
 * {@code s_t = s_f + (s_i - s_f) * (1 - (t - t0) / (end - t0))^power} at {@code t = t0, t0 + f, ...} up to and
 * including {@code end}. Steps are epochs (0-based index of the epoch that just ended) or iterations.
 *
 * <p>A step whose target is 0 prunes nothing, as in Zhu and Gupta, where {@code s_i} is the sparsity at {@code t0}:
 * {@code polynomial(0, 3, 1, 0.0, 0.9, 3, EPOCHS)} leaves the network dense at the end of epoch 0 and prunes at the
 * ends of epochs 1, 2 and 3 (to 63.3%, 86.7% and 90%), i.e. after the 2nd, 3rd and 4th epoch of training. To prune
 * already at the end of epoch 0, give a non-zero {@code initialTarget}.
 */
public record PolynomialDecaySchedule(int begin, int end, int frequency, double initialTarget, double finalTarget,
                                      double power, Unit unit) implements PruningSchedule {

    /** What {@code t} counts. */
    public enum Unit {
        /** Epoch ends. */
        EPOCHS,
        /** Iterations (minibatches). */
        ITERATIONS
    }

    public PolynomialDecaySchedule {
        if (begin < 0) {
            throw new IllegalArgumentException("begin must be >= 0, got " + begin);
        }
        if (end <= begin) {
            throw new IllegalArgumentException("end must be after begin, got begin=" + begin + ", end=" + end);
        }
        if (frequency < 1) {
            throw new IllegalArgumentException("frequency must be >= 1, got " + frequency);
        }
        PruningSchedule.checkTarget("initialTarget", initialTarget);
        PruningSchedule.checkTarget("finalTarget", finalTarget);
        if (initialTarget > finalTarget) {
            throw new IllegalArgumentException("initialTarget " + initialTarget + " must not exceed finalTarget "
                    + finalTarget);
        }
        if (!(power >= 1) || Double.isInfinite(power)) {
            throw new IllegalArgumentException("power must be a finite value >= 1, got " + power);
        }
        if (unit == null) {
            throw new IllegalArgumentException("unit must be EPOCHS or ITERATIONS, got null");
        }
    }

    /** The target at step {@code t}, or NaN if {@code t} is not a pruning step. */
    public double targetAt(int t) {
        if (t < begin || t > end || ((t - begin) % frequency != 0 && t != end)) {
            return Double.NaN;
        }
        double progress = (double) (t - begin) / (end - begin);
        return finalTarget + (initialTarget - finalTarget) * Math.pow(1 - progress, power);
    }

    @Override
    public PruneDecision atEpochEnd(int epoch) {
        return unit == Unit.EPOCHS ? decide(epoch) : PruneDecision.none();
    }

    @Override
    public PruneDecision atIteration(int iteration) {
        return unit == Unit.ITERATIONS ? decide(iteration) : PruneDecision.none();
    }

    @Override
    public boolean stepsRemainFrom(int epoch, int iteration) {
        // The last point, end, has the final target (> 0 unless nothing is ever pruned: then no step at all).
        return finalTarget > 0 && end >= (unit == Unit.EPOCHS ? epoch : iteration);
    }

    private PruneDecision decide(int t) {
        double s = targetAt(t);
        return Double.isNaN(s) || s <= 0 ? PruneDecision.none() : PruneDecision.pruneTo(s);
    }
}
