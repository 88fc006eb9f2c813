package io.github.dl4jpruning.runtime.dl4j;

import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/** Small real DL4J networks for the equality tests. */
final class Nets {

    private Nets() {
    }

    static MultiLayerNetwork mln(InputType input, Layer... layers) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(7).updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER).list();
        for (Layer l : layers) {
            b.layer(l);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(input).build());
        net.init();
        randomBiases(net, 1);
        return net;
    }

    static ComputationGraph graph(InputType input, Layer... layers) {
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(7).updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in");
        String previous = "in";
        for (int i = 0; i < layers.length; i++) {
            b.addLayer("l" + i, layers[i], previous);
            previous = "l" + i;
        }
        ComputationGraph g = new ComputationGraph(b.setOutputs(previous).setInputTypes(input).build());
        g.init();
        randomBiases(g, 2);
        return g;
    }

    /** Non-zero biases (DL4J initialises them to 0, which would hide a bias bug). */
    private static void randomBiases(Model net, long seed) {
        Random r = new Random(seed);
        net.paramTable().forEach((k, v) -> {
            if (k.endsWith("_b")) {
                for (long i = 0; i < v.length(); i++) {
                    v.putScalar(i, r.nextGaussian() * 0.1);
                }
            }
        });
    }

    /** Sets {@code fraction} of every weight array ({@code *_W}) to 0, at random: unstructured pruning. */
    static void prune(Model net, double fraction, long seed) {
        Random r = new Random(seed);
        net.paramTable().forEach((k, v) -> {
            if (k.endsWith("_W")) {
                zero(v, fraction, r);
            }
        });
    }

    private static void zero(INDArray v, double fraction, Random r) {
        for (long i = 0; i < v.length(); i++) {
            if (r.nextDouble() < fraction) {
                v.putScalar(i, 0.0);
            }
        }
    }
}
