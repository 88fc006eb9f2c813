package io.github.dl4jpruning.criteria;

/**
 * Scores each weight of a layer: the higher the score, the more the weight is worth keeping. Selection prunes the
 * lowest scores first. A new criterion is one method:
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
 */
public interface PruningCriterion {

    /** A short name for logs and reports, e.g. {@code "magnitude"}. */
    String name();

    /** Importance of each weight, in the order of {@link ScoringContext#weights()}. */
    double[] importance(ScoringContext ctx);

    /** Whether the criterion reads activation statistics. */
    default boolean needsActivationStats() {
        return false;
    }

    /** Whether the criterion reads accumulated gradients ({@link ScoringContext#taylor()}). */
    default boolean needsGradients() {
        return false;
    }
}
