package io.github.dl4jpruning.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.persist.PrunedModelSerializer;
import io.github.dl4jpruning.persist.RestoredModel;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.testutil.TinyNets;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;

/**
 * The three ways the resurrection campaign found optimizer state of pruned weights that is not zero, each reduced to
 * one run. None of them moves a pruned weight (the state is a denominator, and the masked gradient is 0), but each
 * contradicts "the optimizer state of pruned entries is zeroed".
 */
class UpdaterStateFindingsTest {

    @TempDir
    Path dir;

    private static Map<String, Long> liveStateAfterPruneNowBeforeFirstFit(IUpdater updater) {
        MultiLayerNetwork net = TinyNets.mlp(updater, 7);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder().build();
        pruning.pruneNow(net, 0.5);
        net.addListeners(pruning);
        net.fit(TinyNets.data(64, 32, 1));
        Map<String, Long> byState = new TreeMap<>();
        assertThat(ResurrectionProbe.resurrectedWeights(net, pruning.masks())).isZero();
        ResurrectionProbe.liveUpdaterState(net, pruning.masks(), byState);
        return byState;
    }

    @Test
    @Disabled("RmsProp starts its cache at epsilon; an updater created after pruneNow (first fit) is never zeroed. "
            + "To be fixed by the EnergyPruningCallback owner (zero the state of pruned entries once the updater "
            + "exists)")
    void rmsPropCacheOfWeightsPrunedBeforeTheFirstFitIsZero() {
        assertThat(liveStateAfterPruneNowBeforeFirstFit(new RmsProp(1e-2))).isEmpty();
    }

    @Test
    @Disabled("AdaGrad starts its history at epsilon; an updater created after pruneNow (first fit) is never zeroed. "
            + "To be fixed by the EnergyPruningCallback owner (zero the state of pruned entries once the updater "
            + "exists)")
    void adaGradHistoryOfWeightsPrunedBeforeTheFirstFitIsZero() {
        assertThat(liveStateAfterPruneNowBeforeFirstFit(new AdaGrad(0.1))).isEmpty();
    }

    @Test
    @Disabled("ND4J's AdaMax update leaves its norm state V non-zero for entries whose gradient is 0, so state zeroed "
            + "at the pruning step is non-zero after the next update. To be fixed by the EnergyPruningCallback owner "
            + "(zero the state of pruned entries after each update) or documented as harmless (m stays 0, so the "
            + "weight cannot move)")
    void adaMaxNormOfPrunedWeightsStaysZeroAfterAnUpdate() {
        MultiLayerNetwork net = TinyNets.mlp(new AdaMax(1e-2), 7);
        net.fit(TinyNets.data(64, 32, 1));
        EnergyPruningCallback pruning = EnergyPruningCallback.builder().build();
        pruning.pruneNow(net, 0.5);
        Map<String, Long> right = new TreeMap<>();
        assertThat(ResurrectionProbe.liveUpdaterState(net, pruning.masks(), right)).as("right after pruning").isZero();
        net.addListeners(pruning);
        net.fit(TinyNets.data(64, 32, 2));
        Map<String, Long> byState = new TreeMap<>();
        ResurrectionProbe.liveUpdaterState(net, pruning.masks(), byState);
        assertThat(byState).isEmpty();
    }

    @Test
    @Disabled("RestoredModel.resume masks the parameters but not the fresh (epsilon) AdaGrad/RmsProp state of a model "
            + "saved without its updater. To be fixed by the persist/ owner (zero the state of pruned entries on "
            + "resume or at the first iteration)")
    void adaGradHistoryOfPrunedWeightsIsZeroAfterARestoreOfAModelSavedWithoutItsUpdater() throws Exception {
        MultiLayerNetwork net = TinyNets.mlp(new AdaGrad(0.1), 7);
        net.fit(TinyNets.data(64, 32, 1));
        EnergyPruningCallback pruning = EnergyPruningCallback.builder().build();
        pruning.pruneNow(net, 0.5);
        File file = dir.resolve("no-updater.zip").toFile();
        PrunedModelSerializer.save(file, net, pruning, false);

        RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(file);
        EnergyPruningCallback resumed = r.resume(EnergyPruningCallback.builder().build());
        r.network().addListeners(resumed);
        r.network().fit(TinyNets.data(64, 32, 2));

        Map<String, Long> byState = new TreeMap<>();
        assertThat(ResurrectionProbe.resurrectedWeights(r.network(), resumed.masks())).isZero();
        ResurrectionProbe.liveUpdaterState(r.network(), resumed.masks(), byState);
        assertThat(byState).isEmpty();
    }
}
