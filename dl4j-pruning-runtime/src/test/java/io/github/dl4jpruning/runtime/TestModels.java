package io.github.dl4jpruning.runtime;

import java.util.List;
import java.util.Random;

/** Small runtime models built without DL4J, covering every layer type and both float-array encodings. */
final class TestModels {

    private TestModels() {
    }

    static float[] random(int n, double zeros, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble() < zeros ? 0f : (float) r.nextGaussian();
        }
        return a;
    }

    /** 20-10-3 with a 90% sparse first layer (stored sparse) and a dense second one. */
    static RuntimeModel mlp() {
        FullyConnected l1 = new FullyConnected(Shape.flat(20), 10, random(200, 0.9, 1), random(10, 0, 2),
                Activation.RELU, KernelPolicy.AUTO);
        FullyConnected l2 = new FullyConnected(Shape.flat(10), 3, random(30, 0, 3), random(3, 0, 4),
                Activation.SOFTMAX, KernelPolicy.AUTO);
        return new RuntimeModel(Shape.flat(20), List.of(l1, l2));
    }

    /** A residual block: conv -> affine+ReLU -> conv, added to the first conv's output, -> dense softmax. */
    static RuntimeModel residual() {
        Shape in = new Shape(2, 6, 6);
        Convolution c1 = new Convolution(in, 3, new Window(3, 3, 1, 1, 0, 0, 1, 1, true), random(54, 0.3, 11),
                random(3, 0, 12), Activation.IDENTITY);
        ChannelAffine bn = new ChannelAffine(c1.outputShape(), random(3, 0, 13), random(3, 0, 14), Activation.RELU);
        Convolution c2 = new Convolution(bn.outputShape(), 3, new Window(3, 3, 1, 1, 0, 0, 1, 1, true),
                random(81, 0.5, 15), random(3, 0, 16), Activation.IDENTITY);
        Add add = new Add(c2.outputShape(), 2);
        FullyConnected d = new FullyConnected(add.outputShape(), 4, random(add.outputShape().size() * 4, 0.5, 17),
                random(4, 0, 18), Activation.SOFTMAX, KernelPolicy.AUTO);
        return new RuntimeModel(in, List.of(c1, bn, c2, add, d), List.of(new int[] {-1}, new int[] {0},
                new int[] {1}, new int[] {2, 0}, new int[] {3}));
    }

    /** conv 3x3 (same, stride 2) -> BN as affine -> max pool -> tanh -> dense -> sigmoid. */
    static RuntimeModel cnn() {
        Shape in = new Shape(2, 8, 8);
        Convolution c = new Convolution(in, 3, new Window(3, 3, 2, 2, 0, 0, 1, 1, true), random(54, 0.3, 5),
                random(3, 0, 6), Activation.RELU);
        ChannelAffine bn = new ChannelAffine(c.outputShape(), random(3, 0, 7), random(3, 0, 8), Activation.IDENTITY);
        Pooling p = new Pooling(bn.outputShape(), Pooling.Type.AVG, new Window(2, 2, 2, 2, 1, 1, 1, 1, false), false);
        ActivationLayer a = new ActivationLayer(p.outputShape(), Activation.TANH);
        FullyConnected d = new FullyConnected(a.outputShape(), 4, random(a.outputShape().size() * 4, 0.5, 9),
                random(4, 0, 10), Activation.SIGMOID, KernelPolicy.AUTO);
        return new RuntimeModel(in, List.of(c, bn, p, a, d));
    }
}
