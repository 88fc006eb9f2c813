package io.github.dl4jpruning.criteria;

import java.util.Set;

/**
 * Scores each weight of a layer: the higher the score, the more the weight is worth keeping. Selection prunes the
 * lowest scores first. A new criterion is one method, plus the signals it reads:
 *
 * <pre>{@code
 * PruningCriterion squared = new PruningCriterion() {
 *     public String name() { return "squared"; }
 *     public double[] importance(ScoringContext ctx) {
 *         double[] s = ctx.weights().clone();
 *         for (int i = 0; i < s.length; i++) s[i] *= s[i];
 *         return s;
 *     }
 * };
 * }</pre>
 *
 * <p>A criterion that learns from training declares {@link Signal#GRADIENTS} and returns a {@link SignalCollector}
 * from {@link #collector()}; the callback feeds it and the step hands its values to
 * {@link ScoringContext#accumulated()} (see {@link FisherCriterion}).
 */
public interface PruningCriterion {

    /** A short name for logs and reports, e.g. {@code "magnitude"}. */
    String name();

    /** Importance of each weight, in the order of {@link ScoringContext#weights()}. */
    double[] importance(ScoringContext ctx);

    /** The signals this criterion reads besides the weights (default: none). */
    default Set<Signal> signals() {
        return Set.of();
    }

    /**
     * A fresh collector for the values this criterion accumulates during training, or {@code null} if it needs none
     * (the default).
     */
    default SignalCollector collector() {
        return null;
    }

    /**
     * Whether {@link #importance} leaves the context's arrays (weights, costs, accumulated values) as they were. A
     * pruning step shares its copy of the weights with its energy estimates and the costs with selection when this
     * says {@code true}; by default ({@code false}) it hands the criterion copies of its own, one more array per layer.
     * The built-in criteria say {@code true}. A criterion that says {@code true} and returns one of the context's own
     * arrays from {@link #importance} hands that array on: whoever changes the importances in place (as
     * {@code Criteria.energyAware} would) changes the context, so the built-in wrappers copy such an array first.
     */
    default boolean leavesContextUnchanged() {
        return false;
    }

    /** Whether the criterion reads activation statistics. */
    default boolean needsActivationStats() {
        return signals().contains(Signal.ACTIVATION_STATS);
    }

    /** Whether the criterion reads values accumulated from gradients ({@link ScoringContext#accumulated()}). */
    default boolean needsGradients() {
        return signals().contains(Signal.GRADIENTS);
    }
}
