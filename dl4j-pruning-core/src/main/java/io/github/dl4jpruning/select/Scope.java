package io.github.dl4jpruning.select;

/** Where candidates are ranked against each other. */
public enum Scope {
    /** Each layer reaches the target on its own. */
    PER_LAYER,
    /** All included layers are ranked together; layers end at different sparsities. */
    GLOBAL
}
