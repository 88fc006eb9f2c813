package io.github.dl4jpruning.benchmark.jmh;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The JMH states compute what they claim (no timing here): 90% of weights zero, same outputs on both engines. */
class RuntimeLatencyBenchmarkTest {

    private static RuntimeLatencyBenchmark state(String engine, int batch) {
        RuntimeLatencyBenchmark b = new RuntimeLatencyBenchmark();
        b.engine = engine;
        b.batch = batch;
        b.setUp();
        return b;
    }

    @Test
    void everyEngineComputesTheSameOutputs() {
        for (int batch : new int[] {1, 128}) {
            float[] dl4j = ((INDArray) state("dl4j-sparse90", batch).output()).castTo(DataType.FLOAT).dup('c').data()
                    .asFloat();
            for (String e : new String[] {"runtime-dense-sparse90", "runtime-sparse90"}) {
                float[] rt = (float[]) state(e, batch).output();
                assertThat(rt).hasSameSizeAs(dl4j);
                for (int i = 0; i < rt.length; i++) {
                    assertThat(rt[i]).isCloseTo(dl4j[i], within(1e-5f));
                }
            }
            float[] compact = ((INDArray) state("dl4j-compact", batch).output()).castTo(DataType.FLOAT).dup('c')
                    .data().asFloat();
            assertThat((float[]) state("runtime-compact", batch).output()).hasSameSizeAs(compact);
        }
    }

    @Test
    void sparseStateHasNinetyPercentZeroWeights() {
        var net = io.github.dl4jpruning.benchmark.model.MnistMlp.build(12345);
        RuntimeLatencyBenchmark.pruneSmallest(net, 0.9);
        INDArray w0 = net.getLayer(0).getParam("W");
        double zeros = w0.eq(0).castTo(DataType.DOUBLE).sumNumber().doubleValue() / w0.length();
        assertThat(zeros).isCloseTo(0.9, within(0.001));
    }
}
