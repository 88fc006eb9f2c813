package io.github.dl4jpruning.energy;

/**
 * Estimated energy of one layer for one inference, split into compute and memory, dense (every weight kept) and as
 * the layer is now (zero weights cost nothing). Units are the energy model's ({@link EnergyModel#unit()}).
 */
public record LayerEnergy(double denseCompute, double denseMemory, double prunedCompute, double prunedMemory) {

    /** Dense total. */
    public double dense() {
        return denseCompute + denseMemory;
    }

    /** Total as the layer is now. */
    public double pruned() {
        return prunedCompute + prunedMemory;
    }

    /** The sum of two layers' energies. */
    public LayerEnergy plus(LayerEnergy o) {
        return new LayerEnergy(denseCompute + o.denseCompute, denseMemory + o.denseMemory,
                prunedCompute + o.prunedCompute, prunedMemory + o.prunedMemory);
    }

    /** Zero energy. */
    public static LayerEnergy zero() {
        return new LayerEnergy(0, 0, 0, 0);
    }
}
