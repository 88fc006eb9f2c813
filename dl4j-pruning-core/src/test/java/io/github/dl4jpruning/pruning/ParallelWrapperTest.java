package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.schedule.PruneDecision;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import io.github.dl4jpruning.testutil.TinyNets;
import org.assertj.core.api.ThrowableAssert;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;

/** Issue 13, item 2: DL4J's ParallelWrapper and the pruning callback. */
class ParallelWrapperTest {

    private static ParallelWrapper wrapper(MultiLayerNetwork net) {
        return new ParallelWrapper.Builder<>(net).workers(2).prefetchBuffer(2).averagingFrequency(1).build();
    }

    @Test
    void theCallbackAsAParallelWrapperListenerFailsLoudlyBeforeTraining() throws Exception {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        ActivationStatsListener stats = ActivationStatsListener.builder().build();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder().statistics(stats)
                .schedule(PruningSchedule.iterative(0, 1, 3, 0.8)).build();
        INDArray before = net.params().dup();
        try (ParallelWrapper pw = wrapper(net)) {
            pw.setListeners(stats, pruning);
            ThrowableAssert.ThrowingCallable fit = () -> pw.fit(TinyNets.data(128, 32, 1));
            assertThatThrownBy(fit).hasRootCauseInstanceOf(IllegalStateException.class)
                    .rootCause().hasMessageContaining("ParallelWrapper worker thread")
                    .hasMessageContaining("ParallelPruning");
        }
        assertThat(net.params()).isEqualTo(before);
        assertThat(pruning.history()).isEmpty();
    }

    @Test
    void parallelPruningTakesEachEpochPointOnceAndHoldsTheMasksOnEveryWorker() throws Exception {
        MultiLayerNetwork net = TinyNets.mlp(new Nesterovs(0.05, 0.9), 1);
        ActivationStatsListener stats = ActivationStatsListener.builder().build();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(io.github.dl4jpruning.criteria.Criteria.activationWeighted())
                .build()).statistics(stats)
                .schedule(PruningSchedule.iterative(0, 1, 3, 0.8)).build();
        ParallelPruning parallel = ParallelPruning.of(pruning, net);
        try (ParallelWrapper pw = wrapper(net)) {
            pw.setListeners(stats, parallel.workerListener());
            for (int epoch = 0; epoch < 5; epoch++) {
                pw.fit(TinyNets.data(128, 16, epoch));
                parallel.epochDone();
            }
        }
        assertThat(pruning.history()).extracting(PruningEvent::epoch).containsExactly(0, 1, 2);
        assertThat(pruning.sparsity()).isCloseTo(0.8, org.assertj.core.api.Assertions.within(0.02));
        assertThat(net.getEpochCount()).isEqualTo(5);
        // Epochs 3 and 4 trained on two workers and averaged without a pruning step after them.
        EnergyPruningCallbackTest.assertMaskedEntriesZero(net, pruning.masks());
    }

    @Test
    void theWorkerListenerFeedsTheCallbacksOwnStatistics() throws Exception {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(io.github.dl4jpruning.criteria.Criteria.activationWeighted()).build())
                .collectStatistics(1).schedule(PruningSchedule.iterative(0, 1, 2, 0.5)).build();
        ParallelPruning parallel = ParallelPruning.of(pruning, net);
        try (ParallelWrapper pw = wrapper(net)) {
            pw.setListeners(parallel.workerListener());                // one listener: masks and statistics
            for (int epoch = 0; epoch < 2; epoch++) {
                pw.fit(TinyNets.data(128, 16, epoch));
                parallel.epochDone();
            }
        }
        assertThat(pruning.statistics().get("input").samples()).isGreaterThan(0);
        assertThat(pruning.history()).extracting(PruningEvent::epoch).containsExactly(0, 1);
        assertThat(pruning.sparsity()).isCloseTo(0.5, org.assertj.core.api.Assertions.within(0.02));
    }

    @Test
    void parallelPruningTakesEachIterationPointOnceNotOncePerWorker() throws Exception {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        PruningSchedule atIterations = new PruningSchedule() {
            @Override
            public PruneDecision atEpochEnd(int epoch) {
                return PruneDecision.none();
            }

            @Override
            public PruneDecision atIteration(int iteration) {
                return iteration == 1 ? PruneDecision.pruneTo(0.5)
                        : iteration == 3 ? PruneDecision.pruneTo(0.7) : PruneDecision.none();
            }
        };
        EnergyPruningCallback pruning = EnergyPruningCallback.builder().schedule(atIterations).build();
        ParallelPruning parallel = ParallelPruning.of(pruning, net);
        try (ParallelWrapper pw = wrapper(net)) {
            pw.setListeners(parallel.workerListener());
            for (int epoch = 0; epoch < 3; epoch++) {
                pw.fit(TinyNets.data(128, 32, epoch));
                parallel.epochDone();
            }
        }
        assertThat(net.getIterationCount()).isEqualTo(6);
        assertThat(pruning.history()).extracting(e -> e.target().value()).containsExactly(0.5, 0.7);
        EnergyPruningCallbackTest.assertMaskedEntriesZero(net, pruning.masks());
    }
}
