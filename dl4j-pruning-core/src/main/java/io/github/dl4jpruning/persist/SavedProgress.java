package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.pruning.PruningEvent;
import java.util.List;

/**
 * The JSON entry with the pruning history and counters; JSON rather than Java serialization so that it stays readable
 * and survives changes to {@code PruningEvent}'s methods.
 */
record SavedProgress(int formatVersion, int epochCount, int iterationCount, List<PruningEvent> history) {

    static final int FORMAT_VERSION = 1;
}
