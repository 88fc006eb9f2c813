package io.github.dl4jpruning.criteria;

/**
 * Which end of the document's energy {@code E = |w| * p * c} to prune. The document says both (abstract and FAQ Q1:
 * low; section 3 and FAQ Q4: high); the product makes the reader choose and defaults to the lowest.
 */
public enum SeedDirection {
    /** Prune the connections with the lowest E (least activity carried). */
    PRUNE_LOWEST,
    /** Prune the connections with the highest E (most energy spent), as section 3 of the document says. */
    PRUNE_HIGHEST
}
