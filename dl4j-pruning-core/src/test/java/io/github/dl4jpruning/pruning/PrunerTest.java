package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.testutil.TinyNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class PrunerTest {

    @Test
    void magnitudePruningOfACnnNeedsNeitherStatisticsNorInputType() {
        MultiLayerNetwork net = TinyNets.cnn(3);
        Pruner.Result r = new Pruner(PruningConfig.builder().scope(Scope.GLOBAL).build())
                .prune(NetworkAdapter.of(net), new PruneMasks(), Signals.none(), Target.sparsity(0.5));

        assertThat(r.event().sparsity()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(r.event().energyAfter()).as("energy is unknown without the convolution's output size").isNaN();
        assertThat(r.event().summary()).contains("estimated energy unknown");
    }

    @Test
    void setStatisticsReplacesFixedStatisticsButNotALiveListener() {
        MultiLayerNetwork net = TinyNets.mlp(new org.nd4j.linalg.learning.config.Adam(1e-2), 3);
        var stats = io.github.dl4jpruning.stats.Calibration.run(net, TinyNets.data(64, 32, 1), 2, 0);
        EnergyPruningCallback cb = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(io.github.dl4jpruning.criteria.Criteria.activationWeighted())
                .build()).statistics(stats).build();
        var fresh = io.github.dl4jpruning.stats.Calibration.run(net, TinyNets.data(64, 32, 2), 1, 0);

        cb.setStatistics(fresh);

        assertThat(cb.statistics()).isSameAs(fresh);
        EnergyPruningCallback live = EnergyPruningCallback.builder()
                .statistics(io.github.dl4jpruning.stats.ActivationStatsListener.builder().build()).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> live.setStatistics(fresh))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ActivationStatsListener");
    }
}
