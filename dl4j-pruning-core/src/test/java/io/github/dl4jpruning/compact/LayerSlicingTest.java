package io.github.dl4jpruning.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.graph.DependencyGraph;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Compaction of one layer type at a time: units 1 and 2 of the group the layer produces (layer "0", or the group
 * named in the case) are pruned as a group pruner writes them, and the compacted network must compute what the
 * masked one computes, with the producer's {@code nOut} and every coupled slice smaller.
 */
class LayerSlicingTest {

    record Case(String name, InputType type, Supplier<INDArray> input, String group, long nOutAfter, Layer... layers) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Supplier<INDArray> image = () -> Nd4j.rand(new long[] {4, 2, 6, 6}).subi(0.5);
        Supplier<INDArray> sequence = () -> Nd4j.rand(new long[] {4, 3, 5}).subi(0.5);
        return Stream.of(
                new Case("Dense", InputType.feedForward(6), () -> Nd4j.rand(4, 6).subi(0.5), "0", 3,
                        new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(),
                        new DenseLayer.Builder().nOut(4).activation(Activation.RELU).build(), out()),
                new Case("Conv2D", InputType.convolutional(6, 6, 2), image, "0", 2,
                        new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(),
                        new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.RELU).build(), gap(), out()),
                new Case("Conv1D", InputType.recurrent(3, 5), sequence, "0", 2,
                        new Convolution1DLayer.Builder(2).nOut(4).activation(Activation.RELU).build(),
                        new Convolution1DLayer.Builder(2).nOut(3).activation(Activation.RELU).build(), gap(), out()),
                new Case("Deconvolution2D", InputType.convolutional(6, 6, 2), image, "0", 2,
                        new Deconvolution2D.Builder(2, 2).nOut(4).activation(Activation.RELU).build(),
                        new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.RELU).build(), gap(), out()),
                new Case("DepthwiseConvolution2D", InputType.convolutional(6, 6, 2), image, "0", 2,
                        new ConvolutionLayer.Builder(2, 2).nOut(4).activation(Activation.RELU).build(),
                        new DepthwiseConvolution2D.Builder(2, 2).depthMultiplier(2).nOut(8)
                                .activation(Activation.RELU).build(),
                        new ConvolutionLayer.Builder(1, 1).nOut(3).activation(Activation.RELU).build(), gap(), out()),
                new Case("SeparableConvolution2D input", InputType.convolutional(6, 6, 2), image, "0", 2,
                        new ConvolutionLayer.Builder(2, 2).nOut(4).activation(Activation.RELU).build(),
                        new SeparableConvolution2D.Builder(2, 2).depthMultiplier(2).nOut(5)
                                .activation(Activation.RELU).build(), gap(), out()),
                new Case("SeparableConvolution2D output", InputType.convolutional(6, 6, 2), image, "0", 3,
                        new SeparableConvolution2D.Builder(2, 2).depthMultiplier(2).nOut(5)
                                .activation(Activation.RELU).build(),
                        new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.RELU).build(), gap(), out()),
                new Case("BatchNormalization", InputType.convolutional(6, 6, 2), image, "0", 2,
                        new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build(),
                        new BatchNormalization.Builder().build(),
                        new ActivationLayer.Builder().activation(Activation.RELU).build(),
                        new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.RELU).build(), gap(), out()),
                new Case("LSTM", InputType.recurrent(3, 5), sequence, "0", 2,
                        new LSTM.Builder().nOut(4).activation(Activation.TANH).build(),
                        new LSTM.Builder().nOut(3).activation(Activation.TANH).build(), rnnOut()),
                new Case("GravesLSTM", InputType.recurrent(3, 5), sequence, "0", 2,
                        new GravesLSTM.Builder().nOut(4).activation(Activation.TANH).build(),
                        new LSTM.Builder().nOut(3).activation(Activation.TANH).build(), rnnOut()),
                new Case("SimpleRnn", InputType.recurrent(3, 5), sequence, "0", 2,
                        new SimpleRnn.Builder().nOut(4).activation(Activation.TANH).build(),
                        new SimpleRnn.Builder().nOut(3).activation(Activation.TANH).build(), rnnOut()),
                new Case("EmbeddingLayer", null, () -> Nd4j.createFromArray(new float[][] {{0}, {3}, {7}, {9}}), "0", 2,
                        new EmbeddingLayer.Builder().nIn(10).nOut(4).activation(Activation.IDENTITY).build(),
                        new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.RELU).build(),
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                                .activation(Activation.SOFTMAX).build()))
                .map(Arguments::of);
    }

    private static Layer gap() {
        return new GlobalPoolingLayer.Builder(PoolingType.AVG).build();
    }

    private static Layer out() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX)
                .build();
    }

    private static Layer rnnOut() {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX)
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void prunedUnitsAreSlicedFromEveryCoupledParameter(Case c) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(7)
                .convolutionMode(ConvolutionMode.Same).list();
        for (Layer l : c.layers()) {
            b.layer(l);
        }
        if (c.type() != null) {
            b.setInputType(c.type());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        InputType type = c.type() == null ? InputType.feedForward(1) : c.type();
        DependencyGraph graph = DependencyGraph.of(net, type);
        GroupMasks.prune(net, graph, c.group(), 1, 2);
        INDArray x = c.input().get();
        INDArray masked = net.output(x);
        long paramsBefore = net.numParams();

        CompactionResult r = Compactor.builder().inputType(type).build().compact(net);

        MultiLayerNetwork small = (MultiLayerNetwork) r.network();
        int producer = Integer.parseInt(c.group());
        assertThat(small.getLayerWiseConfigurations().getConf(producer).getLayer())
                .extracting(l -> ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) l).getNOut())
                .isEqualTo(c.nOutAfter());
        assertThat(small.numParams()).isLessThan(paramsBefore);
        assertThat(small.output(x).sub(masked).amaxNumber().doubleValue()).isLessThanOrEqualTo(1e-4);
        assertThat(net.numParams()).as("original untouched").isEqualTo(paramsBefore);
    }
}
