package io.github.dl4jpruning.testutil;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

/** Tiny networks and data sets for fast tests. */
public final class TinyNets {

    private TinyNets() {
    }

    /** A 8-16-3 MLP with ReLU, softmax output. */
    public static MultiLayerNetwork mlp(IUpdater updater, long seed) {
        return mlp(updater, seed, 0, 0);
    }

    /** A 8-16-3 MLP with optional L2 and weight decay. */
    public static MultiLayerNetwork mlp(IUpdater updater, long seed, double l2, double weightDecay) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(seed).updater(updater)
                .weightInit(WeightInit.XAVIER);
        if (l2 > 0) {
            b.l2(l2);
        }
        if (weightDecay > 0) {
            b.weightDecay(weightDecay);
        }
        MultiLayerConfiguration conf = b.list()
                .layer(new DenseLayer.Builder().nIn(8).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** The same MLP as a ComputationGraph with vertices "in", "dense", "out". */
    public static ComputationGraph graph(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-2))
                .weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(8).nOut(16).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out")
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** conv(4 filters, 3x3) - maxpool 2x2 - dense 8 - output 3, on 1x8x8 inputs. */
    public static MultiLayerNetwork cnn(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-2))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * A separable 3-class problem on 8 non-negative features (class c puts its mass on features 2c and 2c+1);
     * features 6 and 7 are always zero, like MNIST's border pixels.
     */
    public static DataSetIterator data(int examples, int batch, long seed) {
        Random rnd = new Random(seed);
        INDArray x = Nd4j.zeros(examples, 8);
        INDArray y = Nd4j.zeros(examples, 3);
        for (int i = 0; i < examples; i++) {
            int c = rnd.nextInt(3);
            for (int f = 0; f < 6; f++) {
                double v = rnd.nextDouble() * 0.3 + (f / 2 == c ? 1.0 : 0.0);
                x.putScalar(i, f, rnd.nextDouble() < 0.3 ? 0 : v);
            }
            y.putScalar(i, c, 1);
        }
        return batches(new DataSet(x, y), batch);
    }

    /** Random 1x8x8 images with 3 classes, for convolution paths. */
    public static DataSetIterator images(int examples, int batch, long seed) {
        Random rnd = new Random(seed);
        INDArray x = Nd4j.zeros(examples, 1, 8, 8);
        INDArray y = Nd4j.zeros(examples, 3);
        for (int i = 0; i < examples; i++) {
            int c = rnd.nextInt(3);
            for (int r = 0; r < 8; r++) {
                for (int col = 0; col < 8; col++) {
                    double v = rnd.nextDouble() * 0.2 + (col / 3 == c ? 1 : 0);
                    x.putScalar(new long[] {i, 0, r, col}, v);
                }
            }
            y.putScalar(i, c, 1);
        }
        return batches(new DataSet(x, y), batch);
    }

    private static DataSetIterator batches(DataSet all, int batch) {
        return new ViewIterator(all, batch);
    }
}
