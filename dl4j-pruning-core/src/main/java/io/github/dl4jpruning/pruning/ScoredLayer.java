package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.network.PrunableLayer;

/**
 * One layer after scoring: per weight (c-order), its current mask, its importance and its energy cost.
 *
 * @param layer      the layer
 * @param mask       1 kept, 0 already pruned
 * @param importance the criterion's score; lower is pruned first
 * @param cost       the energy model's cost of keeping the weight (zeros when the step does not need costs)
 */
record ScoredLayer(PrunableLayer layer, double[] mask, double[] importance, double[] cost) {
}
