package io.github.dl4jpruning.select;

/** What one pruning decision removes. */
public enum Granularity {
    /** Single weights (unstructured). */
    WEIGHTS,
    /**
     * Whole neurons of dense layers (incoming weights, bias, and the outgoing weights in the next layer) and whole
     * filters of 2D convolutions. Output layers are never pruned this way. Compaction turns these into a smaller net.
     */
    NEURONS
}
