package io.github.dl4jpruning.benchmark.compaction;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small ResNet-style CNN for MNIST, as a {@code ComputationGraph}: a stem convolution with BatchNormalization, one
 * residual block (two convolutions with BN, added to the block's input by an {@code ElementWiseVertex}), a strided
 * convolution with BN, global average pooling and a softmax output.
 *
 * <pre>
 * in 28x28x1 -> stem conv 3x3 (W) -> BN+ReLU -> max pool 2 (14x14)
 *            -> [conv 3x3 (W) -> BN+ReLU -> conv 3x3 (W) -> BN] + skip -> ReLU
 *            -> conv 3x3 stride 2 (2W, 7x7) -> BN+ReLU -> global average pool -> output 10
 * </pre>
 *
 * Each ReLU that follows a BN is the BN layer's own activation ("BN+ReLU"), not a separate {@code ActivationLayer}:
 * at batch 1 DL4J's fixed cost per layer is a large share of this small network's latency, and it does not shrink
 * with the filters, so fewer layers let the compacted network's latency follow its MACs more closely.
 *
 * The skip connection couples the stem's filters and the block's second convolution's filters: filter pruning must
 * remove them together (one group of the dependency graph), with their BN channels.
 *
 * <pre>{@code
 * ComputationGraph net = ResNetMnist.build(12345, 16);
 * net.fit(ResNetMnist.asImages(MnistData.train(files, 128, 0, 12345)), 2);
 * }</pre>
 */
public final class ResNetMnist {

    /**
     * The input type: 28x28 images with one channel, NCHW. MNIST iterators give flat 784-pixel rows: reshape them
     * with {@link #asImages(DataSetIterator)}. (With {@code convolutionalFlat} the graph would reshape them itself,
     * but DL4J's {@code ComputationGraphConfiguration.getLayerActivationTypes} then rejects the flat type at the first
     * convolution, and the dependency graph needs those types for the convolutions' MACs.)
     */
    public static final InputType INPUT_TYPE = InputType.convolutional(28, 28, 1);

    private ResNetMnist() {
    }

    /**
     * A freshly initialised network.
     *
     * @param seed  weight initialisation seed
     * @param width filters of the stem and the residual block (the last convolution has twice as many), at least 2
     * @throws IllegalArgumentException if {@code width < 2}
     */
    public static ComputationGraph build(long seed, int width) {
        if (width < 2) {
            throw new IllegalArgumentException("width must be >= 2 filters, got " + width);
        }
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(5e-3))
                .weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in")
                .addLayer("stem", conv(width, 1), "in")
                .addLayer("stem_bn", bnRelu(), "stem")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).build(), "stem_bn")
                .addLayer("block_a", conv(width, 1), "pool")
                .addLayer("block_a_bn", bnRelu(), "block_a")
                .addLayer("block_b", conv(width, 1), "block_a_bn")
                .addLayer("block_b_bn", new BatchNormalization.Builder().build(), "block_b")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "block_b_bn", "pool")
                .addLayer("add_relu", relu(), "add")
                .addLayer("down", conv(2 * width, 2), "add_relu")
                .addLayer("down_bn", bnRelu(), "down")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "down_bn")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out")
                .setInputTypes(INPUT_TYPE)
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** {@code iterator} with its features reshaped from {@code [batch, 784]} to {@code [batch, 1, 28, 28]}. */
    public static DataSetIterator asImages(DataSetIterator iterator) {
        iterator.setPreProcessor(ds -> ds.setFeatures(ds.getFeatures().reshape('c', ds.getFeatures().size(0), 1, 28,
                28)));
        return iterator;
    }

    private static ConvolutionLayer conv(int filters, int stride) {
        return new ConvolutionLayer.Builder(3, 3).stride(stride, stride).nOut(filters).activation(Activation.IDENTITY)
                .hasBias(false).build();
    }

    /** BN with the ReLU folded in: one layer (one native call per inference) instead of two. */
    private static BatchNormalization bnRelu() {
        return new BatchNormalization.Builder().activation(Activation.RELU).build();
    }

    private static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }
}
