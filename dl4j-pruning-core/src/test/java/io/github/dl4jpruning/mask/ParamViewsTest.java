package io.github.dl4jpruning.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.BitSet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;

class ParamViewsTest {

    @Test
    void aViewIsLookedUpOnceAndStaysTheNetworksLiveParameter() {
        MultiLayerNetwork net = TinyNets.mlp(new Sgd(0.1), 3);
        ParamViews views = new ParamViews(NetworkAdapter.of(net));
        assertThat(views.get("0_W")).isSameAs(views.get("0_W"));
        net.fit(TinyNets.data(16, 8, 1));
        net.setParams(net.params().mul(2));
        assertThat(views.get("0_W").equalsWithEps(net.getParam("0_W"), 0)).isTrue();
        views.get("0_W").putScalar(0, 0, 42);
        assertThat(net.getParam("0_W").getDouble(0, 0)).isEqualTo(42);
    }

    @Test
    void masksAppliedThroughViewsZeroThePrunedWeightsAndSkipMasksThatPruneNothing() {
        MultiLayerNetwork net = TinyNets.mlp(new Sgd(0.1), 3);
        long[] shape = net.getParam("0_W").shape();
        BitSet pruned = new BitSet();
        pruned.set(0);
        pruned.set(5);
        PruneMasks masks = new PruneMasks();
        masks.putPruned("0_W", shape, pruned);
        masks.putPruned("0_b", net.getParam("0_b").shape(), new BitSet());
        ParamViews views = new ParamViews(NetworkAdapter.of(net));
        net.fit(TinyNets.data(16, 8, 1));
        MaskEnforcer.applyToParams(views, masks);
        assertThat(MaskVerification.of(net, masks).ok()).isTrue();
        assertThat(net.getParam("0_W").getDouble(0)).isZero();
    }

    @Test
    void anUnknownParameterIsNamed() {
        ParamViews views = new ParamViews(NetworkAdapter.of(TinyNets.mlp(new Sgd(0.1), 3)));
        assertThatThrownBy(() -> views.get("7_W")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7_W");
        assertThatThrownBy(() -> new ParamViews(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
