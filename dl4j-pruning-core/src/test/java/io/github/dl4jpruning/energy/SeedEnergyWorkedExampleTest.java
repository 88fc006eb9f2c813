package io.github.dl4jpruning.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.criteria.ScoringContext;
import io.github.dl4jpruning.criteria.SeedDirection;
import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.pruning.Pruner;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.stats.ActivationStats;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The source document's worked example (section 4), with its arithmetic corrected (see design.md). */
class SeedEnergyWorkedExampleTest {

    static final double[] W = {0.1, 0.3, 0.2, 0.4, 0.5};
    static final double[] P = {0.5, 0.7, 0.6, 0.8, 0.9};
    static final double[] C = {2, 3, 2, 4, 4};

    @Test
    void energiesOfTheWorkedExampleAreTheCorrectedValues() {
        double[] e = new double[W.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = SeedEnergyModel.energy(W[i], P[i], C[i]);
        }
        assertThat(e).containsExactly(new double[] {0.1, 0.63, 0.24, 1.28, 1.8}, within(1e-12));
    }

    @Test
    void thresholdIsSeventyPercentOfTheTrueMaximumNotTheDocumentsFigure() {
        double[] e = {0.1, 0.63, 0.24, 1.28, 1.8};
        double threshold = SeedEnergyModel.threshold(0.7, e);
        assertThat(threshold).isCloseTo(0.7 * 1.8, within(1e-12)).isCloseTo(1.26, within(1e-12));
        assertThat(threshold).isNotCloseTo(1.68, within(1e-6));
        assertThat(SeedEnergyModel.threshold(1.0, e)).as("max(E)").isEqualTo(1.8).isNotEqualTo(2.4);
        int above = 0;
        for (double x : e) {
            if (x > threshold) {
                above++;
            }
        }
        assertThat(above).isEqualTo(2);
        assertThat(1.28).isGreaterThan(threshold);
        assertThat(1.8).isGreaterThan(threshold);
        assertThat(0.63).isLessThan(threshold);
    }

    @Test
    void energyUsesTheWeightMagnitude() {
        assertThat(SeedEnergyModel.energy(-0.4, 0.8, 4)).isCloseTo(1.28, within(1e-12));
    }

    @Test
    void thresholdRejectsAlphaOutsideUnitIntervalAndEmptyEnergies() {
        assertThatThrownBy(() -> SeedEnergyModel.threshold(1.5, new double[] {1})).hasMessageContaining("1.5");
        assertThatThrownBy(() -> SeedEnergyModel.threshold(-0.1, new double[] {1})).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> SeedEnergyModel.threshold(0.5, new double[0])).hasMessageContaining("empty");
    }

    /** A 5-1 layer carrying the example's weights; its input fires with the example's probabilities. */
    static MultiLayerNetwork fiveToOne() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        net.setParam("0_W", Nd4j.create(W, new long[] {5, 1}, 'c').castTo(net.getParam("0_W").dataType()));
        return net;
    }

    static ActivationStats exampleStats() {
        ActivationStats stats = new ActivationStats(0);
        // 10 examples; input i fired in P[i] of them, with |a| = 1 when it fired.
        double[] fired = new double[5];
        for (int i = 0; i < 5; i++) {
            fired[i] = P[i] * 10;
        }
        // Record through the public API: an activation batch with exactly those firing counts.
        org.nd4j.linalg.api.ndarray.INDArray a = Nd4j.zeros(10, 5);
        for (int i = 0; i < 5; i++) {
            for (int r = 0; r < (int) Math.round(fired[i]); r++) {
                a.putScalar(r, i, 1.0);
            }
        }
        stats.record("input", a);
        assertThat(stats.get("input").firingProbability()).containsExactly(P, within(1e-12));
        return stats;
    }

    @Test
    void seedCriterionThroughATinyLayerScoresWeightTimesFiringProbability() {
        MultiLayerNetwork net = fiveToOne();
        NetworkAdapter adapter = NetworkAdapter.of(net);
        PrunableLayer layer = adapter.layers().get(0);
        ActivationStats stats = exampleStats();
        double[] w = io.github.dl4jpruning.network.Weights.read(adapter, layer.weightKey());
        ScoringContext ctx = ScoringContext.of(layer, w, stats.inputOf(layer), new SeedEnergyModel(), 1);

        double[] lowest = Criteria.seedEnergy().importance(ctx);
        double[] highest = Criteria.seedEnergy(SeedDirection.PRUNE_HIGHEST).importance(ctx);

        // Dense layer: c = 1 use per inference, so E = |w| * p.
        assertThat(lowest).containsExactly(new double[] {0.05, 0.21, 0.12, 0.32, 0.45}, within(1e-6));
        for (int i = 0; i < 5; i++) {
            assertThat(highest[i]).isCloseTo(-lowest[i], within(1e-12));
        }
        double[] e = new SeedEnergyModel().computeCosts(layer, w, stats.inputOf(layer).firingProbability());
        assertThat(SeedEnergyModel.threshold(0.7, e)).isCloseTo(0.7 * 0.45, within(1e-6));
    }

    @Test
    void seedEnergyPruneHighestRemovesTheConnectionsAboveTheThreshold() {
        MultiLayerNetwork net = fiveToOne();
        Pruner pruner = new Pruner(PruningConfig.builder().criterion(Criteria.seedEnergy(SeedDirection.PRUNE_HIGHEST))
                .energyModel(new SeedEnergyModel()).build());
        // Two of five connections lie above 0.7 * max(E): prune 40%.
        PruneMasks masks = pruner.prune(NetworkAdapter.of(net), new PruneMasks(), Signals.of(exampleStats()),
                Target.sparsity(0.4)).masks();
        assertThat(masks.values("0_W", new long[] {5, 1})).containsExactly(1, 1, 1, 0, 0);
        assertThat(net.getParam("0_W").getDouble(3)).isZero();
        assertThat(net.getParam("0_W").getDouble(0)).isCloseTo(0.1, within(1e-6));
    }

    @Test
    void seedEnergyPruneLowestRemovesTheLeastActiveConnections() {
        MultiLayerNetwork net = fiveToOne();
        Pruner pruner = new Pruner(PruningConfig.builder().criterion(Criteria.seedEnergy()).energyModel(new SeedEnergyModel()).build());
        PruneMasks masks = pruner.prune(NetworkAdapter.of(net), new PruneMasks(), Signals.of(exampleStats()),
                Target.sparsity(0.4)).masks();
        // E = 0.05, 0.21, 0.12, 0.32, 0.45: the two lowest are inputs 0 and 2.
        assertThat(masks.values("0_W", new long[] {5, 1})).containsExactly(0, 1, 0, 1, 1);
    }
}
