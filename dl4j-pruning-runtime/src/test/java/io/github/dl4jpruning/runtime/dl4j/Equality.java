package io.github.dl4jpruning.runtime.dl4j;

import io.github.dl4jpruning.runtime.KernelPolicy;
import io.github.dl4jpruning.runtime.RuntimeModel;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/** Compares a DL4J network's {@code output(x, false)} with the exported runtime model's on random inputs. */
final class Equality {

    /** The tolerance. */
    static final double TOLERANCE = 1e-5;

    private Equality() {
    }

    /** Random values in [0, 1), about a third of them 0 (as MNIST pixels and ReLU outputs are). */
    static float[] input(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(3) == 0 ? 0f : r.nextFloat();
        }
        return x;
    }

    /** DL4J's output for the rows {@code x}, fed as {@code batch x features} or, with {@code image}, NCHW. */
    static INDArray dl4jOutput(Model net, float[] x, int batch, io.github.dl4jpruning.runtime.Shape shape,
                               boolean image) {
        long[] dims = image ? new long[] {batch, shape.channels(), shape.height(), shape.width()}
                : new long[] {batch, x.length / batch};
        INDArray in = Nd4j.create(x, dims, 'c').castTo(DataType.FLOAT);
        if (net instanceof MultiLayerNetwork m) {
            return m.output(in, false);
        }
        return ((ComputationGraph) net).outputSingle(false, in);
    }

    /** Largest |DL4J - runtime| over the batch. */
    static double maxDiff(Model net, RuntimeModel model, int batch, long seed, boolean image) {
        float[] x = input(batch * model.inputShape().size(), seed);
        INDArray expected = dl4jOutput(net, x, batch, model.inputShape(), image);
        float[] actual = model.output(x, batch);
        float[] e = expected.castTo(DataType.FLOAT).dup('c').data().asFloat();
        assertThat(actual).hasSameSizeAs(e);
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs(e[i] - actual[i]));
        }
        return max;
    }

    /**
     * Asserts equality within {@link #TOLERANCE} for batch 1, 3, 16 and 65 (each batch class of the cost model, the
     * blocked product's and the transposed sparse loop's), under every kernel policy.
     */
    static void assertSameOutputs(Model net, RuntimeModel model) {
        assertSameOutputs(net, model, false);
    }

    /** As {@link #assertSameOutputs(Model, RuntimeModel)}, feeding DL4J NCHW arrays when {@code image}. */
    static void assertSameOutputs(Model net, RuntimeModel model, boolean image) {
        for (KernelPolicy p : KernelPolicy.values()) {
            RuntimeModel m = model.withPolicy(p);
            for (int batch : new int[] {1, 3, 16, 65}) {
                assertThat(maxDiff(net, m, batch, 42 + batch, image)).as("max |DL4J - runtime|, policy %s, batch %d", p,
                        batch).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }
}
