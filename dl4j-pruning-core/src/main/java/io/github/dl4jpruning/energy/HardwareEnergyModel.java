package io.github.dl4jpruning.energy;

import io.github.dl4jpruning.network.PrunableLayer;

/**
 * Compute plus data movement, from a table of per-operation energies (default: Horowitz ISSCC 2014, 45 nm, fp32).
 *
 * <p>Per weight and inference: {@code uses * (MAC energy * (zeroSkipping ? p_in : 1))} of compute, and
 * {@code uses * read energy at the weight memory level} of memory. With zero-skipping (as in Eyeriss or EIE), a MAC
 * whose input is zero is not performed, so a connection from a neuron that rarely fires costs little compute.
 * Per output neuron and use: one add for the bias and one write of the output at the activation memory level.
 *
 * <pre>{@code
 * EnergyModel int8 = HardwareEnergyModel.of(EnergyTable.byName("horowitz45nm-int8"));
 * EnergyModel model = HardwareEnergyModel.builder()
 *         .table(EnergyTable.byName("eyeriss-int8"))
 *         .zeroSkipping(true)
 *         .weightMemory(MemoryLevel.DRAM)
 *         .build();
 * }</pre>
 */
public final class HardwareEnergyModel implements EnergyModel {

    private final EnergyTable table;
    private final boolean zeroSkipping;
    private final MemoryLevel weightMemory;
    private final MemoryLevel activationMemory;

    private HardwareEnergyModel(Builder b) {
        this.table = b.table;
        this.zeroSkipping = b.zeroSkipping;
        this.weightMemory = b.weightMemory;
        this.activationMemory = b.activationMemory;
    }

    /** Defaults: {@code horowitz45nm-fp32}, zero-skipping on, weights from SRAM, activations in the register file. */
    public static Builder builder() {
        return new Builder();
    }

    /** The default model ({@link #builder()} unchanged): the table {@link EnergyTable#DEFAULT}. */
    public static HardwareEnergyModel defaults() {
        return builder().build();
    }

    /**
     * The default model on another table (zero-skipping on, weights from SRAM, activations in the register file).
     *
     * @throws IllegalArgumentException if {@code table} is null
     */
    public static HardwareEnergyModel of(EnergyTable table) {
        return builder().table(table).build();
    }

    public EnergyTable table() {
        return table;
    }

    public boolean zeroSkipping() {
        return zeroSkipping;
    }

    public MemoryLevel weightMemory() {
        return weightMemory;
    }

    @Override
    public String unit() {
        return "pJ";
    }

    @Override
    public double[] computeCosts(PrunableLayer layer, double[] weights, double[] inputFiringProbability) {
        long uses = usesOf(layer);
        double mac = table.macPicojoules() * uses;
        double[] out = new double[weights.length];
        boolean perInput = zeroSkipping && inputFiringProbability != null;
        if (perInput && layer.kind().isFullyConnected() && (long) out.length == layer.nIn() * layer.nOut()) {
            // Dense: one input neuron per row of nOut weights, without a division per weight.
            int nOut = (int) layer.nOut();
            for (int in = 0, i = 0; i < out.length; in++, i += nOut) {
                java.util.Arrays.fill(out, i, i + nOut, mac * inputFiringProbability[in]);
            }
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            double p = perInput ? inputFiringProbability[layer.inputIndexOf(i)] : 1.0;
            out[i] = mac * p;
        }
        return out;
    }

    @Override
    public double[] memoryCosts(PrunableLayer layer, double[] weights, double[] inputFiringProbability) {
        double read = table.readPicojoules(weightMemory) * usesOf(layer);
        double[] out = new double[weights.length];
        java.util.Arrays.fill(out, read);
        return out;
    }

    /**
     * Compute plus memory per weight, as {@link EnergyModel#weightCosts} sums them ({@code mac * p + read}, the same
     * double operations in the same order), in one array instead of three: at ten million weights the two cost arrays
     * and their sum were a third of scoring with the energy-aware criterion.
     */
    @Override
    public double[] weightCosts(PrunableLayer layer, double[] weights, double[] inputFiringProbability) {
        double mac = table.macPicojoules() * usesOf(layer);
        double read = table.readPicojoules(weightMemory) * usesOf(layer);
        double[] out = new double[weights.length];
        boolean perInput = zeroSkipping && inputFiringProbability != null;
        if (perInput && layer.kind().isFullyConnected() && (long) out.length == layer.nIn() * layer.nOut()) {
            int nOut = (int) layer.nOut();
            for (int in = 0, i = 0; i < out.length; in++, i += nOut) {
                java.util.Arrays.fill(out, i, i + nOut, mac * inputFiringProbability[in] + read);
            }
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            double p = perInput ? inputFiringProbability[layer.inputIndexOf(i)] : 1.0;
            out[i] = mac * p + read;
        }
        return out;
    }

    /**
     * The default {@link EnergyModel#layerEnergy} in one pass, without the two per-weight cost arrays: the same
     * costs, summed in the same order, so the figures are identical to the last bit. (A pruning step reports the
     * energy before and after it; at ten million weights the arrays were a large part of its time.)
     */
    @Override
    public LayerEnergy layerEnergy(PrunableLayer layer, double[] weights, double[] biases,
                                   double[] inputFiringProbability) {
        double mac = table.macPicojoules() * usesOf(layer);
        double read = table.readPicojoules(weightMemory) * usesOf(layer);
        boolean perInput = zeroSkipping && inputFiringProbability != null;
        double dc = 0;
        double dm = 0;
        double pc = 0;
        double pm = 0;
        boolean[] neuronAlive = new boolean[(int) layer.nOut()];
        int nOut = (int) layer.nOut();
        boolean dense = layer.kind().isFullyConnected() && (long) weights.length == layer.nIn() * layer.nOut();
        if (dense) {
            // Row by row (input, then output neuron): the same weights in the same order, without a division per
            // weight.
            long[] anyNonZero = new long[nOut];
            int i = 0;
            for (int in = 0; i < weights.length; in++) {
                double c = perInput ? mac * inputFiringProbability[in] : mac * 1.0;
                for (int out = 0; out < nOut; out++, i++) {
                    // Branch-free: after pruning about half of the weights are zero, in no predictable pattern. A
                    // conditional (w != 0 ? 1 : 0) was compiled to a branch when the profile saw dense weights only:
                    // three times slower on the pruned ones. Adding c * 0 leaves the sum as it was, so the figures
                    // are those of the branching loop.
                    long k = nonZero(weights[i]);
                    double kept = k;
                    dc += c;
                    dm += read;
                    pc += c * kept;
                    pm += read * kept;
                    anyNonZero[out] |= k;
                }
            }
            for (int out = 0; out < nOut; out++) {
                neuronAlive[out] = anyNonZero[out] != 0;
            }
        }
        for (int i = 0; !dense && i < weights.length; i++) {
            int out = layer.outputIndexOf(i);
            double c = perInput ? mac * inputFiringProbability[layer.inputIndexOf(i)] : mac * 1.0;
            dc += c;
            dm += read;
            if (weights[i] != 0) {
                pc += c;
                pm += read;
                neuronAlive[out] = true;
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

    /** 1 for a non-zero value, 0 for +0 and -0, by arithmetic on the bits (no comparison a compiler may branch on). */
    static long nonZero(double v) {
        long magnitude = Double.doubleToRawLongBits(v) << 1;
        return (magnitude | -magnitude) >>> 63;
    }

    @Override
    public double neuronComputeCost(PrunableLayer layer) {
        return table.addPicojoules() * usesOf(layer);
    }

    @Override
    public double neuronMemoryCost(PrunableLayer layer) {
        return table.readPicojoules(activationMemory) * usesOf(layer);
    }

    /**
     * {@code false}: a weight's cost depends on its layer's uses, the memory level and the input's firing probability,
     * never on its value, so the dense estimate of a pruned network is the dense network's (with the statistics as
     * they are now).
     */
    @Override
    public boolean denseEnergyDependsOnWeights() {
        return false;
    }

    static long usesOf(PrunableLayer layer) {
        if (layer.usesPerInference() <= 0) {
            throw new IllegalStateException("layer '" + layer.name() + "' (" + layer.kind()
                    + ") has an unknown output size, so its weights' uses per inference are unknown: build the "
                    + "adapter with the network's InputType, or collect activation statistics first");
        }
        return layer.usesPerInference();
    }

    @Override
    public String toString() {
        return "HardwareEnergyModel[" + table.precision() + ", MAC " + table.macPicojoules() + " pJ, weights in "
                + weightMemory + ", zeroSkipping=" + zeroSkipping + "]";
    }

    /** Builder for {@link HardwareEnergyModel}. */
    public static final class Builder {
        private EnergyTable table = EnergyTable.byName(EnergyTable.DEFAULT);
        private boolean zeroSkipping = true;
        private MemoryLevel weightMemory = MemoryLevel.SRAM;
        private MemoryLevel activationMemory = MemoryLevel.REGISTER_FILE;

        /** The per-operation energies. */
        public Builder table(EnergyTable table) {
            if (table == null) {
                throw new IllegalArgumentException("table must not be null");
            }
            this.table = table;
            return this;
        }

        /** Whether MACs with a zero input are skipped (their energy then scales with the input's firing probability). */
        public Builder zeroSkipping(boolean on) {
            this.zeroSkipping = on;
            return this;
        }

        /** Where each weight is read from at each use. */
        public Builder weightMemory(MemoryLevel level) {
            if (level == null) {
                throw new IllegalArgumentException("weightMemory must not be null");
            }
            this.weightMemory = level;
            return this;
        }

        /** Where each output activation is written. */
        public Builder activationMemory(MemoryLevel level) {
            if (level == null) {
                throw new IllegalArgumentException("activationMemory must not be null");
            }
            this.activationMemory = level;
            return this;
        }

        public HardwareEnergyModel build() {
            return new HardwareEnergyModel(this);
        }
    }
}
