package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.LayerScores;
import java.util.List;
import java.util.Map;

/**
 * What one pruning decision removes: the granularity as a strategy. It says which layers it can prune, groups a
 * layer's scored weights into units (importance and cost per unit) for selection, and writes the selected units back
 * as weight masks. Single weights and whole neurons/filters exist; blocks or N:M patterns would be a new
 * implementation, not a new branch in the step.
 */
interface UnitStrategy {

    /** The strategy of a granularity. */
    static UnitStrategy of(Granularity granularity) {
        return granularity == Granularity.NEURONS ? new NeuronUnits() : new WeightUnits();
    }

    /** The name events report: {@code "weights"} or {@code "neurons"}. */
    String name();

    /** Of the included layers, those this strategy can prune (logging why any other is left out). */
    List<PrunableLayer> prunable(NetworkAdapter net, List<PrunableLayer> included);

    /** Every layer whose weights the units of {@code layers} own (the layers, plus e.g. their successors). */
    List<PrunableLayer> scored(NetworkAdapter net, List<PrunableLayer> layers);

    /** The units of one layer for selection, within {@code limits} = {min, max} sparsity. */
    LayerScores units(PrunableLayer layer, Map<String, ScoredLayer> scored, double[] limits, EnergyModel model);

    /** Writes the units of {@code layer} that selection did not keep alive as zeros into {@code masks}. */
    void write(NetworkAdapter net, PruneMasks masks, PrunableLayer layer, Map<String, ScoredLayer> scored,
               boolean[] alive);
}
