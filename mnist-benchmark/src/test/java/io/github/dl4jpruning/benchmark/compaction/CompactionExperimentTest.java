package io.github.dl4jpruning.benchmark.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.dl4jpruning.benchmark.data.MnistData;
import io.github.dl4jpruning.benchmark.model.MnistMlp;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The compaction experiment on a small MNIST subset (2,000 / 500 images, one epoch): the invariants, not timings.
 * With {@code -Dcompaction.full=true} it runs on all of MNIST (5 dense epochs) and prints the figures instead.
 */
class CompactionExperimentTest {

    private static final long SEED = 12345;

    @Test
    void removesThreeQuartersOfTheNeurons_compactsExactly_andMeasuresBothLatencies() {
        boolean full = Boolean.getBoolean("compaction.full");
        DataSetIterator train = MnistData.train(128, full ? 0 : 2_000, SEED);
        DataSetIterator test = MnistData.test(128, full ? 0 : 500, SEED);
        MultiLayerNetwork dense = MnistMlp.build(SEED);
        dense.fit(train, full ? 5 : 1);
        double[] paramsBefore = dense.params().toDoubleVector();

        CompactionExperiment.Builder b = CompactionExperiment.builder().neuronSparsity(0.8).seed(SEED);
        if (!full) {
            b.pruneSteps(1).retrainEpochs(1).warmupCalls(20).latencySamples(21);
        }
        CompactionMeasurement m = b.build().run(dense, train, test);
        System.out.println(m.toMarkdown());

        assertThat(dense.params().toDoubleVector()).as("dense network untouched").isEqualTo(paramsBefore);
        assertThat(m.neuronsBefore()).isEqualTo(MnistMlp.HIDDEN);
        assertThat(m.neuronsRemovedFraction()).isGreaterThanOrEqualTo(0.75);
        assertThat(m.neuronsAfter()).isEqualTo(Math.round(MnistMlp.HIDDEN * (1 - m.neuronsRemovedFraction())));
        assertThat(m.macsDense()).isEqualTo(784L * 128 + 128 * 10);
        assertThat(m.macsCompacted()).isEqualTo(784L * m.neuronsAfter() + m.neuronsAfter() * 10);
        assertThat(m.macRatio()).isLessThan(0.3);
        assertThat(m.maxAbsOutputDiff()).isLessThan(1e-5);
        assertThat(m.accuracyCompacted()).isCloseTo(m.accuracyMasked(), within(0.001));
        assertThat(m.accuracyMasked()).isGreaterThan(0.5);   // chance is 0.1
        assertThat(m.latencyRatioBatch1()).isPositive();
        assertThat(m.latencyRatioBatch128()).isPositive();
        assertThat(m.latencyBatch128().batchSize()).isEqualTo(128);
        assertThat(m.latencyBatch1().batchSize()).isEqualTo(1);
    }

    @Test
    void gradualSteps_removeEqualSharesOfWhatIsAlive_andSplitTheRetrainingBudget() {
        CompactionExperiment e = CompactionExperiment.builder().neuronSparsity(0.8).pruneSteps(2).retrainEpochs(3)
                .build();

        assertThat(e.stepTarget(1)).isCloseTo(1 - Math.sqrt(0.2), within(1e-12));
        assertThat(e.stepTarget(2)).isEqualTo(0.8);
        assertThat(e.epochsOfStep(1) + e.epochsOfStep(2)).isEqualTo(3);
        assertThat(e.epochsOfStep(2)).isEqualTo(2);
    }

    @Test
    void stepTargets_areTheCoresIterativeSchedule() {
        CompactionExperiment e = CompactionExperiment.builder().neuronSparsity(0.9).pruneSteps(3).build();
        io.github.dl4jpruning.schedule.PruningSchedule s =
                io.github.dl4jpruning.schedule.PruningSchedule.iterative(0, 1, 3, 0.9);

        for (int step = 1; step <= 3; step++) {
            assertThat(e.stepTarget(step)).isEqualTo(s.atEpochEnd(step - 1).target());
        }
        assertThat(e.stepTarget(3)).isEqualTo(0.9);
    }
}
