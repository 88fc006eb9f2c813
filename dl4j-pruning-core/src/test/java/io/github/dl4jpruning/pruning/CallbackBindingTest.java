package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import io.github.dl4jpruning.testutil.TinyNets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/** Issue 13, items 3, 6 and 7: a callback binds to one network, checks before it binds, and refuses misuse. */
class CallbackBindingTest {

    private static INDArray params(MultiLayerNetwork net) {
        return net.params().dup();
    }

    @Test
    void aFailedLayerCheckIsRepeatedOnTheNextFitBeforeAnyParameterChanges() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder().layers("dense1").build())
                .schedule(PruningSchedule.never()).build();
        net.addListeners(pruning);
        INDArray before = params(net);
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(() -> net.fit(TinyNets.data(64, 32, 1), 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown layer 'dense1'");
            assertThat(net.params()).as("attempt %d", attempt).isEqualTo(before);
        }
    }

    @Test
    void theLayerCheckRunsAtTheFirstCallbackEvenWithoutAnEpochStart() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder().layers("7").build()).build();
        net.addListeners(pruning);
        DataSet batch = TinyNets.data(32, 32, 1).next();
        INDArray before = params(net);
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> net.fit(batch)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown layer '7'");
            assertThat(net.params()).isEqualTo(before);
        }
    }

    @Test
    void aCallbackRefusesASecondNetworkNamingBothAndLeavesItUntouched() {
        MultiLayerNetwork first = TinyNets.mlp(new Adam(1e-2), 1);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder()
                .schedule(PruningSchedule.oneShot(0, 0.8)).build();
        first.addListeners(pruning);
        first.fit(TinyNets.data(64, 32, 1), 1);
        assertThat(pruning.sparsity()).isGreaterThan(0.79);

        MultiLayerNetwork second = TinyNets.mlp(new Adam(1e-2), 2);
        second.addListeners(pruning);
        INDArray before = params(second);
        assertThatThrownBy(() -> second.fit(TinyNets.data(64, 32, 1), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bound to " + NetworkBinding.describe(first))
                .hasMessageContaining("called with " + NetworkBinding.describe(second))
                .hasMessageContaining("bindTo(");
        assertThat(second.params()).isEqualTo(before);
        assertThatThrownBy(() -> pruning.pruneNow(second, 0.9)).isInstanceOf(IllegalStateException.class);
        assertThat(pruning.history()).hasSize(1);
    }

    @Test
    void bindToMovesTheCallbackAndItsMasksOnPurpose() {
        MultiLayerNetwork first = TinyNets.mlp(new Adam(1e-2), 1);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder().build();
        pruning.pruneNow(first, 0.5);
        MultiLayerNetwork copy = first.clone();
        copy.setListeners(pruning);
        pruning.bindTo(copy);
        copy.fit(TinyNets.data(64, 32, 1), 1);
        EnergyPruningCallbackTest.assertMaskedEntriesZero(copy, pruning.masks());
    }

    @Test
    void aCallbackAttachedTwiceFailsBeforeAnyStep() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder()
                .schedule(PruningSchedule.oneShot(0, 0.5)).build();
        net.setListeners(pruning, pruning);
        INDArray before = params(net);
        assertThatThrownBy(() -> net.fit(TinyNets.data(64, 32, 1), 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("attached 2 times");
        assertThat(pruning.history()).isEmpty();
        assertThat(net.params()).isEqualTo(before);
    }

    @Test
    void aScheduleThatLiesBehindTheNetworkIsReportedOnce() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        net.fit(TinyNets.data(64, 32, 1), 5);
        PruningSchedule agp = PruningSchedule.polynomial(0, 3, 1, 0.0, 0.9, 3,
                io.github.dl4jpruning.schedule.PolynomialDecaySchedule.Unit.EPOCHS);
        assertThat(ScheduleCheck.exhausted(agp, net.getEpochCount(), net.getIterationCount())).hasValueSatisfying(
                w -> assertThat(w).contains("epoch 5").contains("end of epoch 3").contains("start at epoch 5"));
        assertThat(ScheduleCheck.exhausted(agp, 2, 0)).isEmpty();
        assertThat(ScheduleCheck.exhausted(PruningSchedule.never(), 5, 20)).isEmpty();

        EnergyPruningCallback pruning = EnergyPruningCallback.builder().schedule(agp).build();
        net.addListeners(pruning);
        String err = captureStderr(() -> net.fit(TinyNets.data(64, 32, 1), 2));
        assertThat(err).containsOnlyOnce("will never prune this network");
        assertThat(pruning.history()).isEmpty();
    }

    @Test
    void aStatisticsCriterionDoesNotPruneAfterAnEpochWithoutData() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        ActivationStatsListener stats = ActivationStatsListener.builder().build();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder().criterion(Criteria.activationWeighted()).build())
                .statistics(stats).schedule(PruningSchedule.oneShot(1, 0.5)).build();
        net.addListeners(stats, pruning);
        net.fit(TinyNets.data(64, 32, 1), 1);
        ExistingDataSetIterator empty = new ExistingDataSetIterator(List.<DataSet>of());
        assertThatThrownBy(() -> net.fit(empty, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("epoch 1 saw no data").hasMessageContaining("activation-weighted");
        assertThat(pruning.history()).isEmpty();
        assertThat(pruning.sparsity()).isZero();
    }

    @Test
    void masksOfAnotherShapeFailNamingTheKeyAndBothShapes() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder().build();
        PruneMasks wrong = new PruneMasks();
        wrong.put("0_W", new long[] {4, 16}, new double[64]);
        pruning.setMasks(wrong);
        net.addListeners(pruning);
        INDArray before = params(net);
        assertThatThrownBy(() -> net.fit(TinyNets.data(64, 32, 1), 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'0_W' has shape [4, 16]").hasMessageContaining("has shape [8, 16]");
        assertThat(net.params()).isEqualTo(before);
    }

    static String captureStderr(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
