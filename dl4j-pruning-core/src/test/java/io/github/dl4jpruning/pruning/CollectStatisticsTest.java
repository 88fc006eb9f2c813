package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import io.github.dl4jpruning.stats.Calibration;
import io.github.dl4jpruning.testutil.TinyNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

class CollectStatisticsTest {

    private static final PruningConfig ENERGY_AWARE = PruningConfig.builder().criterion(Criteria.energyAware()).build();

    @Test
    void theCallbacksOwnListenerGivesTheSameStatisticsAndMasksAsTwoListeners() {
        MultiLayerNetwork a = TinyNets.mlp(new Adam(1e-2), 7);
        ActivationStatsListener stats = ActivationStatsListener.builder().sampleEvery(2).build();
        EnergyPruningCallback two = EnergyPruningCallback.builder(ENERGY_AWARE).statistics(stats)
                .schedule(PruningSchedule.oneShot(0, 0.5)).build();
        a.addListeners(stats, two);
        a.fit(TinyNets.data(64, 16, 3));

        MultiLayerNetwork b = TinyNets.mlp(new Adam(1e-2), 7);
        EnergyPruningCallback one = EnergyPruningCallback.builder(ENERGY_AWARE).collectStatistics(2)
                .schedule(PruningSchedule.oneShot(0, 0.5)).build();
        b.addListeners(one);
        b.fit(TinyNets.data(64, 16, 3));

        assertThat(one.statistics().get("input").samples()).isEqualTo(stats.stats().get("input").samples())
                .isGreaterThan(0);
        assertThat(one.statistics().get("0").firingProbability())
                .containsExactly(stats.stats().get("0").firingProbability());
        for (String k : two.masks().keys()) {
            assertThat(one.masks().values(k)).as(k).containsExactly(two.masks().values(k));
        }
        assertThat(b.params().equalsWithEps(a.params(), 0)).isTrue();
    }

    @Test
    void savedStatisticsGoBackIntoTheCallbacksListener() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        ActivationStats saved = Calibration.run(net, TinyNets.data(32, 16, 1), 2, 0.0);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(ENERGY_AWARE).collectStatistics(1).build();
        pruning.restoreStatistics(saved);
        assertThat(pruning.statistics().get("0").firingProbability()).containsExactly(saved.get("0").firingProbability());
        assertThat(pruning.pruneNow(net, 0.5).sparsity()).isCloseTo(0.5, org.assertj.core.api.Assertions.within(0.01));
        assertThatThrownBy(() -> pruning.restoreStatistics(new ActivationStats(0.1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon 0.1");
    }

    @Test
    void aNetworkTrainedElsewhereIsCalibratedAndHandedOver() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        net.fit(TinyNets.data(64, 16, 1));
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(ENERGY_AWARE)
                .statistics(Calibration.run(net, TinyNets.data(32, 16, 1), 2, 0.0)).build();
        assertThat(pruning.pruneNow(net, 0.5).sparsity()).isCloseTo(0.5, org.assertj.core.api.Assertions.within(0.01));
        assertThat(pruning.verify(net).ok()).isTrue();
    }
}
