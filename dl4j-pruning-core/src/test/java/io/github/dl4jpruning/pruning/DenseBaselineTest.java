package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.dl4jpruning.energy.HardwareEnergyModel;
import io.github.dl4jpruning.energy.SeedEnergyModel;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.Calibration;
import io.github.dl4jpruning.testutil.TinyNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/** Issue 13, item 5: the dense energy figure is the dense network's, not the pruned one's. */
class DenseBaselineTest {

    @Test
    void theSeedModelKeepsTheDenseEstimateFromBeforeTheFirstStep() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
        ActivationStats stats = Calibration.run(net, TinyNets.data(64, 32, 1), 2, 0.0);
        SeedEnergyModel seed = new SeedEnergyModel();
        PruningReport dense = PruningReport.of(net, stats, seed);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder().energyModel(seed).build()).statistics(stats).build();

        PruningEvent first = pruning.pruneNow(net, 0.5);
        PruningEvent second = pruning.pruneNow(net, 0.8);

        double denseTotal = dense.total().dense();
        assertThat(first.energyDense()).isCloseTo(denseTotal, within(1e-9 * denseTotal));
        assertThat(second.energyDense()).isCloseTo(denseTotal, within(1e-9 * denseTotal));
        // Magnitude pruning removes the smallest |w| first, so 80% sparsity removes less than 80% of sum |w| p c.
        assertThat(second.energyAfter()).isLessThan(first.energyAfter()).isLessThan(0.8 * denseTotal);
        assertThat(second.energyReduction()).isGreaterThan(0.2);
        assertThat(second.summary()).doesNotContain("(0.0% below dense)");

        PruningReport report = pruning.report(net);
        assertThat(report.total().dense()).isCloseTo(denseTotal, within(1e-9 * denseTotal));
        assertThat(report.total().pruned()).isCloseTo(second.energyAfter(), within(1e-9 * denseTotal));
        assertThat(report.rows().get(0).energy().dense())
                .isCloseTo(dense.rows().get(0).energy().dense(), within(1e-9 * denseTotal));
    }

    @Test
    void theSeedBaselineComesBackWithARestoredHistory() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
        SeedEnergyModel seed = new SeedEnergyModel();
        double denseTotal = PruningReport.of(net, null, seed).total().dense();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder().energyModel(seed).build()).build();
        pruning.pruneNow(net, 0.5);

        EnergyPruningCallback resumed = EnergyPruningCallback.builder(PruningConfig.builder().energyModel(seed).build()).build();
        resumed.setMasks(pruning.masks());
        resumed.restoreHistory(pruning.history());
        PruningEvent next = resumed.pruneNow(net, 0.8);
        assertThat(next.energyDense()).isCloseTo(denseTotal, within(1e-9 * denseTotal));
        assertThat(next.energyReduction()).isGreaterThan(0.2);
    }

    @Test
    void theHardwareModelsDenseEstimateDoesNotDependOnTheWeights() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
        ActivationStats stats = Calibration.run(net, TinyNets.data(64, 32, 1), 2, 0.0);
        HardwareEnergyModel hw = HardwareEnergyModel.defaults();
        assertThat(hw.denseEnergyDependsOnWeights()).isFalse();
        assertThat(new SeedEnergyModel().denseEnergyDependsOnWeights()).isTrue();
        double dense = PruningReport.of(net, stats, hw).total().dense();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder().energyModel(hw).build()).statistics(stats).build();
        PruningEvent e = pruning.pruneNow(net, 0.9);
        assertThat(PruningReport.of(net, stats, hw).total().dense()).isEqualTo(dense);
        assertThat(e.energyDense()).isEqualTo(dense);
        assertThat(e.energyReduction()).isGreaterThan(0);
    }
}
