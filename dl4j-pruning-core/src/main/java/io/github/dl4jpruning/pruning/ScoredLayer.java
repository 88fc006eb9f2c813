package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.network.PrunableLayer;

/**
 * One layer after scoring: per weight (c-order), whether it is still alive, its importance and its energy cost.
 *
 * @param layer      the layer
 * @param alive      {@code true} kept, {@code false} already pruned (one byte per weight, not a {@code double})
 * @param importance the criterion's score; lower is pruned first
 * @param cost       the energy model's cost of keeping the weight, or {@code null} when the step does not need costs
 */
record ScoredLayer(PrunableLayer layer, boolean[] alive, double[] importance, double[] cost) {
}
