package io.github.dl4jpruning.benchmark.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A LeNet-5-style CNN for MNIST, shared by the filter-pruning example and the benchmark's runtime scenario: 5x5
 * convolutions of 6 and 16 filters (ReLU), each followed by 2x2 max pooling, a dense ReLU layer of 120, a softmax
 * output of 10 with multi-class cross-entropy, Xavier initialisation, Adam with learning rate 1e-3.
 *
 * <pre>{@code
 * MultiLayerNetwork net = new MultiLayerNetwork(MnistLeNet.configuration(12345));
 * net.init();
 * net.fit(MnistData.train(files, 128, 0, 12345), 1);   // flat 784-pixel rows, reshaped by MnistLeNet.INPUT
 * }</pre>
 */
public final class MnistLeNet {

    /** The network reads MNIST's flat 784-pixel rows as 28 x 28 x 1 images. */
    public static final InputType INPUT = InputType.convolutionalFlat(28, 28, 1);

    private MnistLeNet() {
    }

    /** The configuration, seeded so that two builds start from identical weights. */
    public static MultiLayerConfiguration configuration(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(6).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(INPUT)
                .build();
    }
}
