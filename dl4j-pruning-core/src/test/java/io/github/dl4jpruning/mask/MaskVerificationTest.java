package io.github.dl4jpruning.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.testutil.TinyNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

class MaskVerificationTest {

    @Test
    void namesEveryPrunedWeightThatIsNotExactlyZero() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder().build();
        pruning.pruneNow(net, 0.5);
        assertThat(pruning.verify(net).ok()).isTrue();
        assertThat(pruning.verify(net).summary()).contains("all pruned weights are exactly 0");

        double[] m = pruning.masks().values("1_W");
        int pruned = 0;
        while (m[pruned] != 0) {
            pruned++;
        }
        // 1_W is [16, 3]: c-order index i is row i / 3, column i % 3.
        net.getParam("1_W").putScalar(pruned / 3, pruned % 3, 0.25);
        MaskVerification v = pruning.verify(net);
        assertThat(v.ok()).isFalse();
        assertThat(v.nonZero()).containsOnlyKeys("1_W");
        assertThat(v.nonZero().get("1_W")).containsExactly((long) pruned);
        assertThat(v.summary()).contains("1_W").contains(String.valueOf(pruned));

        net.getParam("1_W").putScalar(pruned / 3, pruned % 3, Double.NaN);
        assertThat(pruning.verify(net).ok()).as("NaN is not 0").isFalse();
    }

    @Test
    void masksOfAnotherNetworkAreRejected() {
        PruneMasks masks = new PruneMasks();
        masks.put("5_W", new long[] {2, 2}, new double[] {1, 0, 1, 0});
        assertThatThrownBy(() -> MaskVerification.of(TinyNets.mlp(new Adam(1e-2), 3), masks))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'5_W'");
    }
}
