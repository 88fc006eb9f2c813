package io.github.dl4jpruning.runtime;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The execution plan ({@link Fusion}): batch normalisations folded into the layer before, activation layers fused,
 * only where the producer's output has no other reader; outputs equal running the declared layers one by one.
 */
class FusionTest {

    /** Runs the declared layers one at a time, unfused: the reference the plan must match. */
    private static float[] unfused(RuntimeModel m, float[] x, int batch) {
        List<Layer> layers = m.layers();
        List<int[]> inputs = m.inputs();
        float[][] out = new float[layers.size()][];
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            int[] from = inputs.get(i);
            float[][] in = new float[from.length][];
            for (int k = 0; k < from.length; k++) {
                in[k] = from[k] < 0 ? x : out[from[k]];
            }
            out[i] = new float[batch * l.outputShape().size()];
            l.forward(in, out[i], batch);
        }
        return out[layers.size() - 1];
    }

    private static void assertSameAsUnfused(RuntimeModel m) {
        for (int batch : new int[] {1, 3, 64}) {
            float[] x = TestModels.random(batch * m.inputShape().size(), 0.3, batch);
            float[] expected = unfused(m, x, batch);
            float[] actual = m.output(x, batch);
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("batch %d at %d", batch, i).isCloseTo(expected[i], Offset.offset(1e-5f));
            }
        }
    }

    /** Scales away from 1 and shifts away from 0 (a BN with non-trivial gamma, beta, mean and variance). */
    private static float[] scales(int n, long seed) {
        float[] s = TestModels.random(n, 0.0, seed);
        for (int i = 0; i < n; i++) {
            s[i] = 0.5f + Math.abs(s[i]);
        }
        return s;
    }

    /** stem conv, BN, ReLU; conv, BN, ReLU; conv, BN; add (skip from the first ReLU); ReLU; dense softmax. */
    static RuntimeModel resnet(int w) {
        Shape in = new Shape(1, 12, 12);
        Window stem = new Window(4, 4, 4, 4, 0, 0, 1, 1, true);
        Window k3 = new Window(3, 3, 1, 1, 0, 0, 1, 1, true);
        Shape f = new Shape(w, 3, 3);
        List<Layer> l = List.of(
                new Convolution(in, w, stem, TestModels.random(w * 16, 0.0, 1), new float[w], Activation.IDENTITY),
                new ChannelAffine(f, scales(w, 2), TestModels.random(w, 0.0, 3), Activation.IDENTITY),
                new ActivationLayer(f, Activation.RELU),
                new Convolution(f, w, k3, TestModels.random(w * w * 9, 0.0, 4), TestModels.random(w, 0.0, 5),
                        Activation.IDENTITY),
                new ChannelAffine(f, scales(w, 6), TestModels.random(w, 0.0, 7), Activation.IDENTITY),
                new ActivationLayer(f, Activation.RELU),
                new Convolution(f, w, k3, TestModels.random(w * w * 9, 0.0, 8), new float[w], Activation.IDENTITY),
                new ChannelAffine(f, scales(w, 9), TestModels.random(w, 0.0, 10), Activation.IDENTITY),
                new Add(f, 2),
                new ActivationLayer(f, Activation.RELU),
                new FullyConnected(f, 10, TestModels.random(f.size() * 10, 0.0, 11), TestModels.random(10, 0.0, 12),
                        Activation.SOFTMAX, KernelPolicy.AUTO));
        List<int[]> inputs = new java.util.ArrayList<>(RuntimeModel.chain(l.size()));
        inputs.set(8, new int[] {7, 2});
        return new RuntimeModel(in, l, inputs);
    }

    @Test
    void residualBlockRunsAsFiveStepsWithFoldedBatchNormsAndFusedReLUs() {
        RuntimeModel m = resnet(5);
        assertThat(m.layers()).hasSize(11);
        assertThat(m.steps()).extracting(Layer::type).containsExactly("conv2d", "conv2d", "conv2d", "add", "dense");
        assertThat(((Convolution) m.steps().get(0)).activation()).isEqualTo(Activation.RELU);
        assertThat(((Convolution) m.steps().get(2)).activation()).isEqualTo(Activation.IDENTITY);
        assertThat(((Add) m.steps().get(3)).activation()).isEqualTo(Activation.RELU);
        assertThat(m.summary()).contains("runs as 5 steps");
        assertSameAsUnfused(m);
    }

    @Test
    void aBatchNormWhoseInputHasAnotherReaderStaysItsOwnStep() {
        Shape in = new Shape(2, 5, 5);
        Convolution c = new Convolution(in, 3, new Window(3, 3, 1, 1, 0, 0, 1, 1, true),
                TestModels.random(54, 0.0, 1), TestModels.random(3, 0.0, 2), Activation.IDENTITY);
        ChannelAffine bn = new ChannelAffine(c.outputShape(), scales(3, 3), TestModels.random(3, 0.0, 4),
                Activation.IDENTITY);
        Add add = new Add(c.outputShape(), 2);
        ActivationLayer relu = new ActivationLayer(c.outputShape(), Activation.TANH);
        RuntimeModel m = new RuntimeModel(in, List.of(c, bn, add, relu), List.of(new int[] {-1}, new int[] {0},
                new int[] {0, 1}, new int[] {2}));
        assertThat(m.steps()).extracting(Layer::type).containsExactly("conv2d", "affine", "add");
        assertSameAsUnfused(m);
    }

    @Test
    void noFusionAcrossANonIdentityActivationOrIntoTheModelOutputOfAnEarlierStep() {
        Shape in = new Shape(2, 6, 6);
        Convolution c = new Convolution(in, 3, new Window(3, 3, 1, 1, 0, 0, 1, 1, false),
                TestModels.random(54, 0.0, 1), TestModels.random(3, 0.0, 2), Activation.RELU);
        ChannelAffine bn = new ChannelAffine(c.outputShape(), scales(3, 3), TestModels.random(3, 0.0, 4),
                Activation.IDENTITY);
        Convolution dead = new Convolution(in, 2, new Window(1, 1, 1, 1, 0, 0, 1, 1, false),
                TestModels.random(4, 0.0, 5), TestModels.random(2, 0.0, 6), Activation.IDENTITY);
        ActivationLayer last = new ActivationLayer(c.outputShape(), Activation.SIGMOID);
        // bn reads a ReLU convolution (not foldable); the last layer reads bn across an unread layer
        RuntimeModel m = new RuntimeModel(in, List.of(c, bn, dead, last), List.of(new int[] {-1}, new int[] {0},
                new int[] {-1}, new int[] {1}));
        assertThat(m.steps()).extracting(Layer::type).containsExactly("conv2d", "affine", "conv2d", "activation");
        assertSameAsUnfused(m);
    }

    @Test
    void denseLayerWithBatchNormAndSoftmaxActivationLayerFolds() {
        FullyConnected d = new FullyConnected(Shape.flat(12), 6, TestModels.random(72, 0.5, 1),
                TestModels.random(6, 0.0, 2), Activation.IDENTITY, KernelPolicy.AUTO);
        ChannelAffine bn = new ChannelAffine(Shape.flat(6), scales(6, 3), TestModels.random(6, 0.0, 4),
                Activation.IDENTITY);
        ActivationLayer soft = new ActivationLayer(Shape.flat(6), Activation.SOFTMAX);
        RuntimeModel m = new RuntimeModel(Shape.flat(12), List.of(d, bn, soft));
        assertThat(m.steps()).extracting(Layer::type).containsExactly("dense");
        assertThat(((FullyConnected) m.steps().get(0)).activation()).isEqualTo(Activation.SOFTMAX);
        assertSameAsUnfused(m);
        for (KernelPolicy p : KernelPolicy.values()) {
            assertSameAsUnfused(m.withPolicy(p));
        }
    }

    /** Folding happens when a model is built, so a version-1 file (written before folding existed) folds too. */
    @Test
    void versionOneFileLoadsFoldedAndKeepsItsDeclaredLayers() throws Exception {
        Shape in = new Shape(1, 9, 9);
        Convolution c = new Convolution(in, 4, new Window(3, 3, 2, 2, 1, 1, 1, 1, false),
                TestModels.random(36, 0.0, 1), TestModels.random(4, 0.0, 2), Activation.IDENTITY);
        ChannelAffine bn = new ChannelAffine(c.outputShape(), scales(4, 3), TestModels.random(4, 0.0, 4),
                Activation.IDENTITY);
        ActivationLayer relu = new ActivationLayer(c.outputShape(), Activation.RELU);
        FullyConnected d = new FullyConnected(c.outputShape(), 3, TestModels.random(c.outputShape().size() * 3, 0.0,
                5), TestModels.random(3, 0.0, 6), Activation.SOFTMAX, KernelPolicy.AUTO);
        List<Layer> layers = List.of(c, bn, relu, d);
        byte[] v1 = ModelFile.encode(in, layers, RuntimeModel.chain(4), 1);
        RuntimeModel m = RuntimeModel.read(new ByteArrayInputStream(v1), KernelPolicy.AUTO);
        assertThat(m.layers()).extracting(Layer::type).containsExactly("conv2d", "affine", "activation", "dense");
        assertThat(m.steps()).extracting(Layer::type).containsExactly("conv2d", "dense");
        assertSameAsUnfused(m);
        RuntimeModel again = RuntimeModel.read(new ByteArrayInputStream(m.toBytes()), KernelPolicy.AUTO);
        assertThat(again.layers()).hasSize(4);
        assertThat(again.toBytes()).isEqualTo(m.toBytes());
    }
}
