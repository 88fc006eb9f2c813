package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import io.github.dl4jpruning.testutil.TinyNets;
import org.assertj.core.api.ThrowableAssert;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

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
}
