package io.github.dl4jpruning.criteria;

/** A signal a criterion reads besides the weights; see {@link PruningCriterion#signals()}. */
public enum Signal {
    /** Activation statistics of each layer's inputs ({@link ScoringContext#inputStats()}). */
    ACTIVATION_STATS,
    /** Values accumulated from gradients during {@code fit()} by the criterion's {@link SignalCollector}. */
    GRADIENTS,
    /** The energy model's per-weight costs ({@link ScoringContext#costs()}). */
    COSTS
}
