package io.github.dl4jpruning.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.testutil.TinyNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;

class ListenerPauseTest {

    @Test
    void aPausedListenerKeepsWhatItHadAndResumesOnTheSameSamplingPhase() {
        MultiLayerNetwork a = TinyNets.mlp(new Sgd(0), 3);
        ActivationStatsListener paused = ActivationStatsListener.builder().sampleEvery(3).build();
        a.addListeners(paused);
        MultiLayerNetwork b = TinyNets.mlp(new Sgd(0), 3);
        ActivationStatsListener never = ActivationStatsListener.builder().sampleEvery(3).build();
        b.addListeners(never);

        // 5 minibatches of 8 per epoch; learning rate 0, so both networks see the same activations every epoch.
        a.fit(TinyNets.data(40, 8, 5), 1);
        b.fit(TinyNets.data(40, 8, 5), 1);
        long before = paused.stats().get("input").samples();
        paused.pause("test");
        assertThat(paused.isPaused()).isTrue();
        a.fit(TinyNets.data(40, 8, 5), 1);
        b.fit(TinyNets.data(40, 8, 5), 1);
        assertThat(paused.stats().get("input").samples()).isEqualTo(before).isEqualTo(2 * 8);
        paused.resume();
        a.fit(TinyNets.data(40, 8, 5), 1);
        b.fit(TinyNets.data(40, 8, 5), 1);
        // Passes 0, 3 | 6, 9 (paused) | 12: the resumed listener samples pass 12, as the one that never paused does.
        assertThat(paused.stats().get("input").samples()).isEqualTo(3 * 8);
        assertThat(never.stats().get("input").samples()).isEqualTo(5 * 8);
        assertThat(paused.isPaused()).isFalse();
    }
}
