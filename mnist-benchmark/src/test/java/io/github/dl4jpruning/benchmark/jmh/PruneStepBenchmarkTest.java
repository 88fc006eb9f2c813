package io.github.dl4jpruning.benchmark.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.mask.PruneMasks;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The benchmark's state and measured method, called directly on the smallest size (JMH does not run here): one step
 * prunes half of all weights, and restoring before the next invocation makes it start from the dense network again.
 */
class PruneStepBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"magnitude", "energy-aware"})
    void oneStepPrunesHalfOfAllWeights_andEachInvocationStartsFromTheDenseNetwork(String criterion) {
        PruneStepBenchmark b = new PruneStepBenchmark();
        b.layers = PruneStepBenchmark.SIZES[0];
        b.criterion = criterion;
        b.buildNetwork();
        MultiLayerNetwork net = b.network();
        double[] dense = net.params().toDoubleVector();

        b.restoreDenseWeights();
        PruneMasks first = b.pruneStep();

        long weights = PruneStepBenchmark.weightCount(b.layers);
        long pruned = first.prunedCount("0_W") + first.prunedCount("1_W");
        assertThat(first.size("0_W") + first.size("1_W")).isEqualTo(weights).isEqualTo(784L * 128 + 128 * 10);
        assertThat(pruned).isEqualTo(weights / 2);
        assertThat(zeros(net.getParam("0_W")) + zeros(net.getParam("1_W")))
                .as("the masks are applied to the network").isEqualTo(weights / 2);

        b.restoreDenseWeights();
        assertThat(net.params().toDoubleVector()).isEqualTo(dense);
        PruneMasks second = b.pruneStep();
        assertThat(second.values("0_W")).as("same work on every invocation, no compounding")
                .isEqualTo(first.values("0_W"));
        assertThat(second.values("1_W")).isEqualTo(first.values("1_W"));
    }

    @Test
    void criteriaRankDifferently_soTheEnergyAwareRunIsNotMagnitudeUnderAnotherName() {
        PruneMasks magnitude = prunedOnce("magnitude");
        PruneMasks energy = prunedOnce("energy-aware");

        assertThat(energy.values("0_W")).isNotEqualTo(magnitude.values("0_W"));
    }

    @Test
    void weightCountsTheWeightMatricesOfEverySize() {
        assertThat(PruneStepBenchmark.weightCount("784-128-10")).isEqualTo(101_632);
        assertThat(PruneStepBenchmark.weightCount("784-2048-2048-2048-10")).isEqualTo(10_014_720);
        assertThat(Arrays.stream(PruneStepBenchmark.SIZES).mapToLong(PruneStepBenchmark::weightCount))
                .isSorted();
        assertThatThrownBy(() -> PruneStepBenchmark.weightCount("784x128")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("784x128");
    }

    private static PruneMasks prunedOnce(String criterion) {
        PruneStepBenchmark b = new PruneStepBenchmark();
        b.layers = PruneStepBenchmark.SIZES[0];
        b.criterion = criterion;
        b.buildNetwork();
        return b.pruneStep();
    }

    private static long zeros(INDArray a) {
        return Arrays.stream(Nd4j.toFlattened('c', a).toDoubleVector()).filter(x -> x == 0).count();
    }
}
