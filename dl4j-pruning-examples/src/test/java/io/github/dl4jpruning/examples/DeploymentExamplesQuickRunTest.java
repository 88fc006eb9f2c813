package io.github.dl4jpruning.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.dl4jpruning.compact.LayerCompaction;
import org.junit.jupiter.api.Test;

/** Runs the compaction examples in {@code --quick} mode and checks outcomes, not timings. */
class DeploymentExamplesQuickRunTest {

    @Test
    void compactAndDeploy_savesAndLoadsAnEquivalentSmallerNetwork() {
        CompactAndDeploy.Result r = CompactAndDeploy.run(true);

        assertThat(r.hiddenBefore()).isEqualTo(128);
        assertThat(r.hiddenAfter()).isLessThanOrEqualTo(Math.round(128 * (1 - 0.75)));
        assertThat(r.macsAfter()).isLessThan(r.macsBefore());
        assertThat(r.maxAbsDiffRestored()).as("restored masked network predicts as before saving").isLessThan(1e-5);
        assertThat(r.restoredMasksMatch()).isTrue();
        assertThat(r.maxAbsDiffCompacted()).as("loaded compacted network predicts as the masked one")
                .isLessThan(1e-5);
        assertThat(r.accuracyCompacted()).isCloseTo(r.accuracyMasked(), within(0.001));
        assertThat(r.accuracyDense()).isGreaterThan(0.5);   // chance is 0.1
        assertThat(r.accuracyMasked()).isGreaterThan(0.5);
        assertThat(r.zipBytesCompacted()).isLessThan(r.zipBytesDense() / 2);
        assertThat(r.unstructured().sparseBytes()).isLessThan(r.unstructured().denseBytes());
        assertThat(r.unstructured().sparseGzipBytes()).isLessThan(r.unstructured().sparseBytes());
        assertThat(r.latencyBatch1().ratio()).isPositive();
        assertThat(r.latencyBatch128().ratio()).isPositive();
    }

    @Test
    void leNetFilterPruning_halvesTheFilters_withIdenticalOutputsAndFewerMacs() {
        LeNetFilterPruning.Result r = LeNetFilterPruning.run(true);

        assertThat(r.layers()).hasSize(4);
        LayerCompaction conv1 = r.layers().get(0);
        LayerCompaction conv2 = r.layers().get(1);
        assertThat(conv1.neuronsBefore()).isEqualTo(6);
        assertThat(conv1.neuronsAfter()).isEqualTo(3);
        assertThat(conv2.neuronsBefore()).isEqualTo(16);
        assertThat(conv2.neuronsAfter()).isEqualTo(8);
        assertThat(conv2.inputsAfter()).as("second convolution reads only the surviving filters").isEqualTo(3);
        assertThat(r.layers().get(2).inputsAfter()).as("dense layer reads 8 filters of 4x4").isEqualTo(8 * 4 * 4);
        assertThat(r.macsAfter()).isLessThan(r.macsBefore() / 2);
        assertThat(r.maxAbsOutputDiff()).isLessThan(1e-5);
        assertThat(r.accuracyCompacted()).isCloseTo(r.accuracyMasked(), within(0.001));
        assertThat(r.accuracyDense()).isGreaterThan(0.5);   // chance is 0.1
        assertThat(r.accuracyMasked()).isGreaterThan(0.5);
        assertThat(r.latencyBatch1().ratio()).isPositive();
        assertThat(r.latencyBatch128().ratio()).isPositive();
    }
}
