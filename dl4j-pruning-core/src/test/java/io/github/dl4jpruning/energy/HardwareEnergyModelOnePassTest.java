package io.github.dl4jpruning.energy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.junit.jupiter.api.Test;

/**
 * {@link HardwareEnergyModel#layerEnergy} sums its costs in one pass instead of through the per-weight arrays of
 * {@link EnergyModel}'s default; the figures must be the default's to the last bit, for dense and convolution layers,
 * with and without firing probabilities, zero skipping on and off, weights and biases partly zero.
 */
class HardwareEnergyModelOnePassTest {

    @Test
    void onePassEnergyEqualsTheArrayBasedDefaultExactly() {
        List<PrunableLayer> layers = new ArrayList<>(NetworkAdapter.of(TinyNets.mlp(new org.nd4j.linalg.learning.config.Adam(1e-2), 1)).layers());
        layers.addAll(NetworkAdapter.of(TinyNets.cnn(2), InputType.convolutional(8, 8, 1)).layers());
        Random rnd = new Random(11);
        int compared = 0;
        for (boolean skipping : new boolean[] {true, false}) {
            HardwareEnergyModel model = HardwareEnergyModel.builder().zeroSkipping(skipping).build();
            EnergyModel viaArrays = arrayBased(model);
            for (PrunableLayer l : layers) {
                for (int trial = 0; trial < 5; trial++) {
                    double[] w = values(rnd, (int) java.util.Arrays.stream(l.weightShape()).reduce(1, (x, y) -> x * y), 0.4);
                    double[] b = trial % 2 == 0 ? null : values(rnd, (int) l.nOut(), 0.7);
                    double[] p = trial == 0 ? null : probabilities(rnd, (int) l.nIn());
                    assertThat(model.layerEnergy(l, w, b, p)).as("%s, trial %d", l.name(), trial)
                            .isEqualTo(viaArrays.layerEnergy(l, w, b, p));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(2 * 5 * layers.size());
        assertThat(layers).extracting(l -> l.kind().isFullyConnected()).contains(true, false);
    }

    @Test
    void oneArrayWeightCostsEqualTheDefaultSumOfComputeAndMemoryArraysExactly() {
        List<PrunableLayer> layers = new ArrayList<>(NetworkAdapter.of(TinyNets.mlp(new org.nd4j.linalg.learning.config.Adam(1e-2), 1)).layers());
        layers.addAll(NetworkAdapter.of(TinyNets.cnn(2), InputType.convolutional(8, 8, 1)).layers());
        Random rnd = new Random(12);
        for (boolean skipping : new boolean[] {true, false}) {
            HardwareEnergyModel model = HardwareEnergyModel.builder().zeroSkipping(skipping)
                    .weightMemory(MemoryLevel.DRAM).build();
            EnergyModel viaArrays = arrayBased(model);
            for (PrunableLayer l : layers) {
                double[] w = values(rnd, (int) java.util.Arrays.stream(l.weightShape()).reduce(1, (x, y) -> x * y), 0.4);
                for (double[] p : new double[][] {null, probabilities(rnd, (int) l.nIn())}) {
                    assertThat(model.weightCosts(l, w, p)).as("%s, zero skipping %s, %s", l.name(), skipping,
                            p == null ? "no statistics" : "statistics").containsExactly(viaArrays.weightCosts(l, w, p));
                }
            }
        }
    }

    private static double[] values(Random rnd, int n, double zeroFraction) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextDouble() < zeroFraction ? 0 : rnd.nextGaussian();
        }
        return v;
    }

    private static double[] probabilities(Random rnd, int n) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = rnd.nextDouble();
        }
        return p;
    }

    /** The same costs with {@link EnergyModel}'s default {@code layerEnergy}. */
    private static EnergyModel arrayBased(HardwareEnergyModel m) {
        return new EnergyModel() {
            @Override
            public String unit() {
                return m.unit();
            }

            @Override
            public double[] computeCosts(PrunableLayer layer, double[] weights, double[] p) {
                return m.computeCosts(layer, weights, p);
            }

            @Override
            public double[] memoryCosts(PrunableLayer layer, double[] weights, double[] p) {
                return m.memoryCosts(layer, weights, p);
            }

            @Override
            public double neuronComputeCost(PrunableLayer layer) {
                return m.neuronComputeCost(layer);
            }

            @Override
            public double neuronMemoryCost(PrunableLayer layer) {
                return m.neuronMemoryCost(layer);
            }
        };
    }
}
