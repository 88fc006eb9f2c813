package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;

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
        Pruner.Result r = Pruner.builder().scope(Scope.GLOBAL).build()
                .prune(NetworkAdapter.of(net), new PruneMasks(), null, null, Target.sparsity(0.5));

        assertThat(r.event().sparsity()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(r.event().energyAfter()).as("energy is unknown without the convolution's output size").isNaN();
        assertThat(r.event().summary()).contains("estimated energy unknown");
    }
}
