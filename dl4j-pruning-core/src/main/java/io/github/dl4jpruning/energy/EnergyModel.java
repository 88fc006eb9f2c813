package io.github.dl4jpruning.energy;

import io.github.dl4jpruning.network.PrunableLayer;

/**
 * The estimated cost of keeping each weight (and neuron) of a layer, for one inference. Pluggable: a model gives
 * per-weight compute and memory costs; totals are derived here.
 *
 * <p>Weights and costs are c-order flattenings of the weight parameter (see {@link PrunableLayer}); the input firing
 * probability has one entry per input neuron (dense) or input channel (convolution), or is {@code null} when no
 * statistics exist (every input is then taken to fire).
 */
public interface EnergyModel {

    /** Unit of the costs, e.g. {@code "pJ"}. */
    String unit();

    /** Per weight, the compute energy of keeping it. */
    double[] computeCosts(PrunableLayer layer, double[] weights, double[] inputFiringProbability);

    /** Per weight, the memory (data movement) energy of keeping it. */
    double[] memoryCosts(PrunableLayer layer, double[] weights, double[] inputFiringProbability);

    /** Compute energy of one output neuron (bias add, per use), independent of its weights. */
    default double neuronComputeCost(PrunableLayer layer) {
        return 0;
    }

    /** Memory energy of one output neuron (writing its output, per use). */
    default double neuronMemoryCost(PrunableLayer layer) {
        return 0;
    }

    /**
     * Whether the dense estimate of {@link #layerEnergy} depends on the weights' values (as the seed model's
     * {@code E = |w| * p * c} does). If it does, the dense figure of an already pruned network is not the dense
     * network's: {@code EnergyPruningCallback} then keeps the dense estimate from before its first pruning step. By
     * default {@code true}, the safe answer for a model that does not say.
     */
    default boolean denseEnergyDependsOnWeights() {
        return true;
    }

    /** Per weight, compute plus memory. */
    default double[] weightCosts(PrunableLayer layer, double[] weights, double[] inputFiringProbability) {
        double[] c = computeCosts(layer, weights, inputFiringProbability);
        double[] m = memoryCosts(layer, weights, inputFiringProbability);
        for (int i = 0; i < c.length; i++) {
            c[i] += m[i];
        }
        return c;
    }

    /**
     * The layer's energy dense and as it is now: a zero weight costs nothing, and an output neuron whose incoming
     * weights and bias are all zero costs nothing.
     *
     * @param biases the bias values, or {@code null}
     */
    default LayerEnergy layerEnergy(PrunableLayer layer, double[] weights, double[] biases,
                                    double[] inputFiringProbability) {
        double[] c = computeCosts(layer, weights, inputFiringProbability);
        double[] m = memoryCosts(layer, weights, inputFiringProbability);
        double dc = 0;
        double dm = 0;
        double pc = 0;
        double pm = 0;
        boolean[] neuronAlive = new boolean[(int) layer.nOut()];
        for (int i = 0; i < weights.length; i++) {
            dc += c[i];
            dm += m[i];
            if (weights[i] != 0) {
                pc += c[i];
                pm += m[i];
                neuronAlive[layer.outputIndexOf(i)] = true;
            }
        }
        int alive = 0;
        for (int o = 0; o < neuronAlive.length; o++) {
            if (neuronAlive[o] || (biases != null && biases[o] != 0)) {
                alive++;
            }
        }
        double nc = neuronComputeCost(layer);
        double nm = neuronMemoryCost(layer);
        return new LayerEnergy(dc + nc * layer.nOut(), dm + nm * layer.nOut(), pc + nc * alive, pm + nm * alive);
    }
}
