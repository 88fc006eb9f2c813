package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import io.github.dl4jpruning.testutil.TinyNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

class StatisticsUntilScheduleDoneTest {

    private static final PruningConfig ENERGY_AWARE = PruningConfig.builder().criterion(Criteria.energyAware()).build();

    private static EnergyPruningCallback callback(boolean untilDone) {
        EnergyPruningCallbackBuilder b = EnergyPruningCallback.builder(ENERGY_AWARE).collectStatistics(1)
                .schedule(PruningSchedule.oneShot(0, 0.5));
        return (untilDone ? b.statisticsUntilScheduleDone() : b).build();
    }

    @Test
    void statisticsStopAfterTheLastScheduledStepAndTheStepIsUnchanged() {
        MultiLayerNetwork a = TinyNets.mlp(new Adam(1e-2), 7);
        EnergyPruningCallback always = callback(false);
        a.addListeners(always);
        a.fit(TinyNets.data(64, 16, 3), 3);

        MultiLayerNetwork b = TinyNets.mlp(new Adam(1e-2), 7);
        EnergyPruningCallback untilDone = callback(true);
        b.addListeners(untilDone);
        b.fit(TinyNets.data(64, 16, 3), 3);

        // 4 minibatches of 16 per epoch: the default records all 3 epochs, the other only the epoch before the step.
        assertThat(always.statistics().get("input").samples()).isEqualTo(3 * 64);
        assertThat(untilDone.statistics().get("input").samples()).isEqualTo(64);
        assertThat(untilDone.statisticsListener().isPaused()).isTrue();
        assertThat(always.statisticsListener().isPaused()).isFalse();
        for (String k : always.masks().keys()) {
            assertThat(untilDone.masks().values(k)).as(k).containsExactly(always.masks().values(k));
        }
        assertThat(b.params().equalsWithEps(a.params(), 0)).isTrue();
        assertThat(untilDone.verify(b).ok()).isTrue();
    }

    @Test
    void statisticsKeepRecordingWhileAStepRemains() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(ENERGY_AWARE).collectStatistics(1)
                .schedule(PruningSchedule.oneShot(2, 0.5)).statisticsUntilScheduleDone().build();
        net.addListeners(pruning);
        net.fit(TinyNets.data(64, 16, 3), 2);
        assertThat(pruning.statisticsListener().isPaused()).isFalse();
        assertThat(pruning.statistics().get("input").samples()).isEqualTo(2 * 64);
        net.fit(TinyNets.data(64, 16, 3), 1);
        assertThat(pruning.history()).hasSize(1);
        assertThat(pruning.statisticsListener().isPaused()).isTrue();
    }

    @Test
    void aResumedListenerRecordsAgainAndIsNotPausedAgain() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        EnergyPruningCallback pruning = callback(true);
        net.addListeners(pruning);
        net.fit(TinyNets.data(64, 16, 3), 2);
        assertThat(pruning.statistics().get("input").samples()).isEqualTo(64);
        pruning.statisticsListener().resume();
        net.fit(TinyNets.data(64, 16, 3), 2);
        assertThat(pruning.statisticsListener().isPaused()).isFalse();
        assertThat(pruning.statistics().get("input").samples()).isEqualTo(3 * 64);
    }

    @Test
    void anAttachedListenerIsPausedTooWhenNoStepIsScheduled() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        ActivationStatsListener stats = ActivationStatsListener.builder().build();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(Criteria.magnitude()).build()).statistics(stats).statisticsUntilScheduleDone().build();
        pruning.pruneNow(net, 0.5);
        net.addListeners(stats, pruning);
        net.fit(TinyNets.data(64, 16, 3), 1);
        // The first minibatch's forward pass ran before the callback's first check.
        assertThat(stats.stats().get("input").samples()).isEqualTo(16);
        assertThat(stats.isPaused()).isTrue();
        assertThat(pruning.verify(net).ok()).isTrue();
    }

    @Test
    void aSchedulePastItsStepsIsCountedFromTheNetworksPosition() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(ENERGY_AWARE).collectStatistics(1)
                .scheduleFromAttach().schedule(PruningSchedule.oneShot(1, 0.5)).statisticsUntilScheduleDone().build();
        net.fit(TinyNets.data(64, 16, 3), 2);   // trained elsewhere first: epoch counter 2
        net.addListeners(pruning);
        net.fit(TinyNets.data(64, 16, 3), 2);
        assertThat(pruning.history()).hasSize(1);
        assertThat(pruning.statistics().get("input").samples()).isEqualTo(2 * 64);
        assertThat(pruning.statisticsListener().isPaused()).isTrue();
    }
}
