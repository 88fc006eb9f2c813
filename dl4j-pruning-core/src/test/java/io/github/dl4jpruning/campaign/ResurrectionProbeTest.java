package io.github.dl4jpruning.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/** The campaign's oracle sees what it must see: one resurrected weight, one live momentum entry. */
class ResurrectionProbeTest {

    @Test
    void countsANonZeroPrunedWeightAndANonZeroMomentumEntryOfAPrunedWeight() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        net.fit(TinyNets.data(64, 32, 1));
        EnergyPruningCallback pruning = EnergyPruningCallback.builder().build();
        pruning.pruneNow(net, 0.5);
        PruneMasks masks = pruning.masks();
        assertThat(ResurrectionProbe.mappingMismatch(net)).isNull();
        assertThat(ResurrectionProbe.resurrectedWeights(net, masks)).isZero();
        assertThat(ResurrectionProbe.liveUpdaterState(net, masks, new TreeMap<>())).isZero();

        INDArray w = net.getParam("1_W");
        double[] cOrder = masks.values("1_W", w.shape());
        int pruned = indexOfZero(cOrder);
        w.putScalar(pruned / w.size(1), pruned % w.size(1), 0.25);
        assertThat(ResurrectionProbe.resurrectedWeights(net, masks)).isEqualTo(1);

        // 0_W is the first parameter of the first updater block: its flat position is its offset in Adam's M.
        GradientUpdater<?> adam = ((BaseMultiLayerUpdater<?>) net.getUpdater(false)).getUpdaterBlocks().get(0)
                .getGradientUpdater();
        INDArray m = adam.getState().get("M");
        int prunedFlat = indexOfZero(ResurrectionProbe.flatMask(net.getParam("0_W"),
                masks.values("0_W", net.getParam("0_W").shape())));
        m.putScalar(prunedFlat, 1e-3);
        Map<String, Long> byState = new TreeMap<>();
        assertThat(ResurrectionProbe.liveUpdaterState(net, masks, byState)).isEqualTo(1);
        assertThat(byState).containsExactly(Map.entry("M", 1L));
    }

    private static int indexOfZero(double[] mask) {
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 0) {
                return i;
            }
        }
        throw new AssertionError("nothing pruned");
    }
}
