package io.github.dl4jpruning.benchmark.results;

/**
 * {@code benchmark.json}'s {@code "dense"} section: the baseline of one network ({@link DenseResult}) or the mean over
 * the sweep's seeds ({@link DenseSeeds}). Both carry the fields the report's baseline table reads.
 */
public sealed interface DenseSection permits DenseResult, DenseSeeds {

    /** Test accuracy (the mean, over seeds), a fraction in [0, 1]. */
    double accuracy();

    /** Training epochs. */
    int epochs();
}
