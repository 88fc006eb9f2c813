package io.github.dl4jpruning.energy;

import io.github.dl4jpruning.network.PrunableLayer;

/**
 * The source document's model (section 4): {@code E = |w| * p * c} per connection, with {@code |w|} the weight's
 * magnitude, {@code p} the firing probability of its input neuron and {@code c} its uses per inference (1 for a dense
 * layer, {@code H_out * W_out} for a convolution: the document's convolution formula mislabels and halves this).
 * Units are arbitrary ({@code "a.u."}), not joules.
 *
 * <p>The document's threshold rule is {@code threshold = alpha * max(E)}; see {@link #threshold(double, double[])}.
 */
public final class SeedEnergyModel implements EnergyModel {

    @Override
    public String unit() {
        return "a.u.";
    }

    /** {@code |w| * p * c} per connection. */
    @Override
    public double[] computeCosts(PrunableLayer layer, double[] weights, double[] inputFiringProbability) {
        long c = HardwareEnergyModel.usesOf(layer);
        double[] e = new double[weights.length];
        for (int i = 0; i < e.length; i++) {
            double p = inputFiringProbability == null ? 1.0 : inputFiringProbability[layer.inputIndexOf(i)];
            e[i] = energy(weights[i], p, c);
        }
        return e;
    }

    /**
     * {@code true}: {@code E = |w| * p * c} of a pruned weight is 0, so the dense estimate of a pruned network is not
     * the dense network's; {@code EnergyPruningCallback} keeps the estimate from before its first step.
     */
    @Override
    public boolean denseEnergyDependsOnWeights() {
        return true;
    }

    /** The seed model has no memory term. */
    @Override
    public double[] memoryCosts(PrunableLayer layer, double[] weights, double[] inputFiringProbability) {
        return new double[weights.length];
    }

    /** {@code E = |w| * p * c} for one connection. */
    public static double energy(double weight, double firingProbability, double uses) {
        return Math.abs(weight) * firingProbability * uses;
    }

    /**
     * The document's threshold rule, {@code alpha * max(E)}.
     *
     * @param alpha a coefficient in [0, 1]
     * @throws IllegalArgumentException if alpha is outside [0, 1] or energies is empty
     */
    public static double threshold(double alpha, double[] energies) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        if (energies.length == 0) {
            throw new IllegalArgumentException("energies must not be empty");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double e : energies) {
            max = Math.max(max, e);
        }
        return alpha * max;
    }
}
