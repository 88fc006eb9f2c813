package io.github.dl4jpruning.benchmark.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.benchmark.latency.LatencyComparison;
import io.github.dl4jpruning.compact.CompactionResult;
import io.github.dl4jpruning.compact.Compactor;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.runtime.RuntimeModel;
import io.github.dl4jpruning.runtime.dl4j.Dl4jExporter;
import io.github.dl4jpruning.select.Granularity;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The ResNet-style network, dense and compacted, runs in the plain-Java runtime as in DL4J (within 1e-5). */
class ResNetRuntimeLatencyTest {

    @Test
    void denseAndCompactedResNetMatchDl4jInTheRuntime() {
        ComputationGraph dense = ResNetMnist.build(7, 8);
        randomStatistics(dense, 3);
        ComputationGraph masked = dense.clone();
        EnergyPruningCallback.builder(PruningConfig.builder().granularity(Granularity.NEURONS).build())
                .inputType(ResNetMnist.INPUT_TYPE).build().pruneNow(masked, 0.5);
        CompactionResult r = Compactor.builder().inputType(ResNetMnist.INPUT_TYPE).build().compact(masked);
        ComputationGraph small = (ComputationGraph) r.network();
        assertThat(r.macsAfter()).isLessThan(r.macsBefore());

        INDArray large = Nd4j.rand(DataType.FLOAT, 5, 1, 28, 28);
        INDArray one = large.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).dup('c');
        String before = dense.params().toString();
        LatencyComparison tiny = LatencyComparison.builder().warmupCalls(1).samples(3).callsPerSample(1).build();
        ResNetRuntimeLatency rt = ResNetRuntimeLatency.measure(dense, small, one, large, tiny, tiny);
        assertThat(rt.maxAbsOutputDiff()).isLessThanOrEqualTo(1e-5);
        assertThat(rt.batch1().batchSize()).isEqualTo(1);
        assertThat(rt.largeBatch().batchSize()).isEqualTo(5);
        assertThat(dense.params().toString()).isEqualTo(before);

        for (ComputationGraph g : new ComputationGraph[] {dense, masked, small}) {
            RuntimeModel m = Dl4jExporter.export(g, ResNetMnist.INPUT_TYPE);
            float[] x = large.dup('c').data().asFloat();
            float[] expected = g.output(false, large)[0].castTo(DataType.FLOAT).dup('c').data().asFloat();
            float[] actual = m.output(x, 5);
            for (int i = 0; i < expected.length; i++) {
                assertThat((double) actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
        assertThat(Dl4jExporter.export(small, ResNetMnist.INPUT_TYPE).macs())
                .isLessThan(Dl4jExporter.export(dense, ResNetMnist.INPUT_TYPE).macs());
    }

    /** BN running statistics, gammas and betas away from DL4J's initial 0/1, so that a BN bug shows. */
    private static void randomStatistics(ComputationGraph g, long seed) {
        Random r = new Random(seed);
        g.paramTable().forEach((k, v) -> {
            boolean positive = k.endsWith("_var") || k.endsWith("_gamma");
            if (k.endsWith("_mean") || k.endsWith("_beta") || positive) {
                for (long i = 0; i < v.length(); i++) {
                    v.putScalar(i, positive ? 0.5 + r.nextDouble() : r.nextGaussian() * 0.3);
                }
            }
        });
    }
}
