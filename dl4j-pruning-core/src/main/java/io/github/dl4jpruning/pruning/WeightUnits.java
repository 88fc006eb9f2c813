package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.select.LayerScores;
import java.util.List;
import java.util.Map;

/** Unstructured pruning: every weight is a unit. */
final class WeightUnits implements UnitStrategy {

    @Override
    public String name() {
        return "weights";
    }

    @Override
    public List<PrunableLayer> prunable(NetworkAdapter net, List<PrunableLayer> included) {
        return included;
    }

    @Override
    public List<PrunableLayer> scored(NetworkAdapter net, List<PrunableLayer> layers) {
        return layers;
    }

    @Override
    public LayerScores units(PrunableLayer layer, Map<String, ScoredLayer> scored, double[] limits, EnergyModel model) {
        ScoredLayer s = scored.get(layer.name());
        // Selection returns fresh flags, so the scored layer's own array can be the candidates'.
        boolean[] alive = s.alive();
        // Bias adds and output writes stay while any weight of a neuron does: energy no single weight removes.
        double fixed = layer.usesPerInference() > 0
                ? (model.neuronComputeCost(layer) + model.neuronMemoryCost(layer)) * layer.nOut() : 0;
        return new LayerScores(layer.name(), s.importance(), s.cost(), alive, limits[0], limits[1], fixed);
    }

    @Override
    public void write(NetworkAdapter net, PruneMasks masks, PrunableLayer layer, Map<String, ScoredLayer> scored,
                      boolean[] alive) {
        masks.putAlive(layer.weightKey(), layer.weightShape(), alive);
    }
}
