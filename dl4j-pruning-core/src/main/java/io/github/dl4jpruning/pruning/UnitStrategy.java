package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.LayerScores;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Selector;
import io.github.dl4jpruning.select.Target;
import java.util.List;
import java.util.Map;

/**
 * What one pruning decision removes: the granularity as a strategy. It says which layers it can prune, groups a
 * layer's scored weights into units (importance and cost per unit) for selection, and writes the selected units back
 * as weight masks. Single weights ({@link WeightUnits}) and the dependency graph's structured groups
 * ({@link GroupUnits}) exist; blocks or N:M patterns would be a new implementation, not a new branch in the step.
 */
interface UnitStrategy {

    /** The strategy of a configuration's granularity. */
    static UnitStrategy of(PruningConfig config) {
        return config.granularity() == Granularity.NEURONS ? new GroupUnits(config) : new WeightUnits();
    }

    /** The name events report: {@code "weights"} or {@code "neurons"}. */
    String name();

    /** Of the included layers, those this strategy can prune (logging why any other is left out). */
    List<PrunableLayer> prunable(NetworkAdapter net, List<PrunableLayer> included);

    /** Every layer whose weights the units of {@code layers} own (the layers, plus e.g. their consumers). */
    List<PrunableLayer> scored(NetworkAdapter net, List<PrunableLayer> layers);

    /** The units of one layer for selection, within {@code limits} = {min, max} sparsity. */
    LayerScores units(PrunableLayer layer, Map<String, ScoredLayer> scored, double[] limits, EnergyModel model);

    /** As {@link #units(PrunableLayer, Map, double[], EnergyModel)}, for strategies that read the network's graph. */
    default LayerScores units(NetworkAdapter net, PrunableLayer layer, Map<String, ScoredLayer> scored, double[] limits,
                              EnergyModel model) {
        return units(layer, scored, limits, model);
    }

    /** The candidates as selection should rank them (the identity unless units of different layers compete). */
    default List<LayerScores> normalise(List<LayerScores> candidates, Scope scope) {
        return candidates;
    }

    /**
     * Chooses the units to prune: {@link Selector#select} unless the strategy's units share weights, so that their
     * costs do not add up.
     */
    default List<boolean[]> select(NetworkAdapter net, Map<String, ScoredLayer> scored, List<LayerScores> candidates,
                                   Target target, Scope scope) {
        return Selector.select(candidates, target, scope);
    }

    /**
     * Checks, before anything is selected or written, that {@code target} can be met within the candidates' bounds.
     *
     * @throws IllegalArgumentException if it cannot, naming the layers that limit it
     */
    default void checkReachable(List<LayerScores> candidates, Target target, Scope scope) {
    }

    /** Writes the units of {@code layer} that selection did not keep alive as zeros into {@code masks}. */
    void write(NetworkAdapter net, PruneMasks masks, PrunableLayer layer, Map<String, ScoredLayer> scored,
               boolean[] alive);
}
