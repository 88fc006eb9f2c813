package io.github.dl4jpruning.benchmark.compaction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both experiments' builders reject a bad count with a message naming the setting, its bound and the value. */
class ExperimentBuildersTest {

    @Test
    void aCountBelowItsBoundIsRejectedNamingSettingBoundAndValue() {
        assertThatThrownBy(() -> ResNetExperiment.builder().denseEpochs(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("denseEpochs must be >= 1, got 0");
        assertThatThrownBy(() -> ResNetExperiment.builder().width(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("width must be >= 2, got 1");
        assertThatThrownBy(() -> CompactionExperiment.builder().warmupCalls(-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("warmupCalls must be >= 0, got -3");
        assertThatThrownBy(() -> CompactionExperiment.builder().calibrationBatches(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("calibrationBatches must be >= 1, got 0");
    }

    @Test
    void countsOnTheirBoundAreAccepted() {
        assertThat(ResNetExperiment.builder().retrainEpochs(0).rampSteps(1).latencySamples(1).build()).isNotNull();
        assertThat(CompactionExperiment.builder().retrainEpochs(0).pruneSteps(1).warmupCalls(0).build()).isNotNull();
    }
}
