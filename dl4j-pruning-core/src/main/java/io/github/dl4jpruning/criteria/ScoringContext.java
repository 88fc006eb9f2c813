package io.github.dl4jpruning.criteria;

import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.stats.NeuronStats;

/**
 * What a criterion may use to score one layer's weights.
 *
 * @param layer       the layer
 * @param weights     its weights, c-order flattened
 * @param inputStats  statistics of its input neurons (per channel for a convolution), or {@code null} if none
 * @param energyModel the energy model of the pruning run
 * @param taylor      per weight, the accumulated {@code |w * g|} since the last pruning event, or {@code null}
 * @param seed        a seed for criteria that draw random numbers
 */
public record ScoringContext(PrunableLayer layer, double[] weights, NeuronStats inputStats, EnergyModel energyModel,
                             double[] taylor, long seed) {

    /** Per input neuron firing probability, or {@code null} without statistics. */
    public double[] inputFiringProbability() {
        return inputStats == null ? null : inputStats.firingProbability();
    }

    /** Expands one value per input neuron/channel to one value per weight. */
    public double[] perWeight(double[] perInput) {
        double[] out = new double[weights.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = perInput[layer.inputIndexOf(i)];
        }
        return out;
    }

    /** Statistics, or an error naming the criterion that needed them. */
    public NeuronStats requireStats(String criterion) {
        if (inputStats == null) {
            throw new IllegalStateException("criterion '" + criterion + "' needs activation statistics for layer '"
                    + layer.name() + "', but none were collected: attach an ActivationStatsListener to the network "
                    + "(and to the callback's builder) or run Calibration.run(...) first");
        }
        return inputStats;
    }
}
