package io.github.dl4jpruning.benchmark.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The source document's network: 784 inputs, a dense ReLU layer of 128, a softmax output of 10 with multi-class
 * cross-entropy, Xavier initialisation, Adam with learning rate 1e-3. 101,770 parameters.
 *
 * <pre>{@code
 * MultiLayerNetwork net = MnistMlp.build(12345);
 * net.fit(MnistData.train(files, 128, 0, 12345), 5);   // files: MnistProvisioner.builder().build().provision()
 * }</pre>
 */
public final class MnistMlp {

    /** Input size: 28 x 28 pixels. */
    public static final int INPUTS = 784;
    /** Hidden layer width. */
    public static final int HIDDEN = 128;
    /** Output classes. */
    public static final int OUTPUTS = 10;
    /** Adam's learning rate. */
    public static final double LEARNING_RATE = 1e-3;

    private MnistMlp() {
    }

    /** The configuration, seeded so that two builds start from identical weights. */
    public static MultiLayerConfiguration configuration(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(LEARNING_RATE))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(INPUTS).nOut(HIDDEN).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(HIDDEN).nOut(OUTPUTS).activation(Activation.SOFTMAX).build())
                .build();
    }

    /** A new, initialised 784-128-10 network. */
    public static MultiLayerNetwork build(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(seed));
        net.init();
        return net;
    }
}
