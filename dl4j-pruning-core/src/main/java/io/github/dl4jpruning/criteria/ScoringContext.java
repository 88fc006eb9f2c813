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
 * @param costs       per weight, the energy model's cost of keeping it (compute plus memory), or {@code null} when
 *                    the step does not need them and the criterion did not ask ({@link Signal#COSTS})
 * @param accumulated per weight, what the criterion's {@link SignalCollector} accumulated since the last pruning
 *                    step, or {@code null}
 * @param seed        a seed for criteria that draw random numbers
 */
public record ScoringContext(PrunableLayer layer, double[] weights, NeuronStats inputStats, EnergyModel energyModel,
                             double[] costs, double[] accumulated, long seed) {

    /**
     * A context without precomputed costs or accumulated values (a criterion that asks for costs gets them from
     * {@link #requireCosts()}), for example to try a criterion on one layer.
     */
    public static ScoringContext of(PrunableLayer layer, double[] weights, NeuronStats inputStats,
                                    EnergyModel energyModel, long seed) {
        return new ScoringContext(layer, weights, inputStats, energyModel, null, null, seed);
    }

    /** Per input neuron firing probability, or {@code null} without statistics. */
    public double[] inputFiringProbability() {
        return inputStats == null ? null : inputStats.firingProbability();
    }

    /** Expands one value per input neuron/channel to one value per weight. */
    public double[] perWeight(double[] perInput) {
        double[] out = new double[weights.length];
        if (layer.kind().isFullyConnected() && (long) out.length == layer.nIn() * layer.nOut()) {
            // Dense: one input neuron per row of nOut weights, without a division per weight.
            int nOut = (int) layer.nOut();
            for (int in = 0, i = 0; i < out.length; in++, i += nOut) {
                java.util.Arrays.fill(out, i, i + nOut, perInput[in]);
            }
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = perInput[layer.inputIndexOf(i)];
        }
        return out;
    }

    /** Statistics, or an error naming the criterion that needed them. */
    public NeuronStats requireStats(String criterion) {
        if (inputStats == null) {
            throw new IllegalStateException("criterion '" + criterion + "' needs activation statistics for layer '"
                    + layer.name() + "', but none were collected: give the callback .collectStatistics(...) (or "
                    + "attach an ActivationStatsListener) or run Calibration.run(...) first");
        }
        return inputStats;
    }

    /** The per-weight costs, computed from the energy model if the step did not hand them over. */
    public double[] requireCosts() {
        return costs != null ? costs : energyModel.weightCosts(layer, weights, inputFiringProbability());
    }

    /** The accumulated values, or an error naming the criterion that needed them. */
    public double[] requireAccumulated(String criterion) {
        if (accumulated == null) {
            throw new IllegalStateException("criterion '" + criterion + "' needs values accumulated from gradients "
                    + "for layer '" + layer.name() + "', but none were collected: prune from an "
                    + "EnergyPruningCallback that was attached during fit()");
        }
        return accumulated;
    }
}
