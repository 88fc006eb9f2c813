package io.github.dl4jpruning.schedule;

/**
 * A schedule's answer at one point of training: prune now to {@code target}, or not.
 *
 * @param prune  whether to prune now
 * @param target the target value (sparsity or energy-reduction fraction), meaningful when {@code prune}
 */
public record PruneDecision(boolean prune, double target) {

    private static final PruneDecision NONE = new PruneDecision(false, 0);

    /** Do not prune. */
    public static PruneDecision none() {
        return NONE;
    }

    /** Prune to {@code target}. */
    public static PruneDecision pruneTo(double target) {
        return new PruneDecision(true, target);
    }
}
