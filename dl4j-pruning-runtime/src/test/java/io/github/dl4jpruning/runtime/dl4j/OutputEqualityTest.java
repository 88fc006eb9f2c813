package io.github.dl4jpruning.runtime.dl4j;

import io.github.dl4jpruning.runtime.RuntimeModel;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static io.github.dl4jpruning.runtime.dl4j.Equality.assertSameOutputs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime computes what DL4J's {@code output(x, false)} computes, within 1e-5, for every supported layer type,
 * MultiLayerNetwork and ComputationGraph, batch 1, 3 and 16, and under every kernel policy (dense, sparse, auto).
 */
class OutputEqualityTest {

    private static OutputLayer out(int n, Activation a) {
        LossFunctions.LossFunction loss = a == Activation.SOFTMAX ? LossFunctions.LossFunction.MCXENT
                : LossFunctions.LossFunction.MSE;
        return new OutputLayer.Builder(loss).nOut(n).activation(a).build();
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"IDENTITY", "RELU", "SIGMOID", "TANH", "SOFTMAX", "LEAKYRELU"})
    void denseAndOutputLayersWithEachActivation(Activation a) {
        MultiLayerNetwork net = Nets.mln(InputType.feedForward(20),
                new DenseLayer.Builder().nOut(12).activation(a == Activation.SOFTMAX ? Activation.RELU : a).build(),
                out(5, a));
        assertSameOutputs(net, Dl4jExporter.export(net));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.9, 0.99})
    void unstructuredSparseMlpMatchesUnderEveryKernel(double sparsity) {
        MultiLayerNetwork net = Nets.mln(InputType.feedForward(784),
                new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build(), out(10, Activation.SOFTMAX));
        Nets.prune(net, sparsity, 3);
        RuntimeModel model = Dl4jExporter.export(net);
        assertSameOutputs(net, model);
        assertThat(model.macs()).isLessThan(784L * 128 + 128 * 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Truncate", "Same", "Strict"})
    void convolutionModesWithStridePaddingAndDilation(String mode) {
        ConvolutionMode m = ConvolutionMode.valueOf(mode);
        ConvolutionLayer.Builder c2 = new ConvolutionLayer.Builder(3, 3).nOut(5).stride(2, 2)
                .convolutionMode(m).activation(Activation.TANH);
        if (m == ConvolutionMode.Truncate) {
            c2.padding(1, 2).dilation(2, 1);
        }
        if (m == ConvolutionMode.Strict) {
            c2.stride(1, 1);
        }
        MultiLayerNetwork net = Nets.mln(InputType.convolutionalFlat(11, 13, 2),
                new ConvolutionLayer.Builder(3, 2).nOut(4).convolutionMode(m).activation(Activation.RELU).build(),
                c2.build(),
                out(6, Activation.SOFTMAX));
        assertSameOutputs(net, Dl4jExporter.export(net, InputType.convolutionalFlat(11, 13, 2)));
    }

    @Test
    void sparseConvolutionSkipsZerosAndStillMatches() {
        MultiLayerNetwork net = Nets.mln(InputType.convolutionalFlat(12, 12, 3),
                new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.RELU).build(),
                out(4, Activation.IDENTITY));
        Nets.prune(net, 0.8, 5);
        RuntimeModel model = Dl4jExporter.export(net, InputType.convolutionalFlat(12, 12, 3));
        assertSameOutputs(net, model);
        assertThat(model.layers().get(0).kernel()).isEqualTo("im2col-nonzeros");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAX-Truncate-pad", "AVG-Truncate-pad-include", "AVG-Truncate-pad-exclude", "MAX-Same",
        "AVG-Same-include", "AVG-Same-exclude", "MAX-Truncate"})
    void subsamplingMaxAndAverage(String variant) {
        SubsamplingLayer.Builder p = new SubsamplingLayer.Builder(variant.startsWith("MAX")
                ? SubsamplingLayer.PoolingType.MAX : SubsamplingLayer.PoolingType.AVG).kernelSize(3, 2).stride(2, 2)
                .convolutionMode(variant.contains("Same") ? ConvolutionMode.Same : ConvolutionMode.Truncate);
        if (variant.contains("pad")) {
            p.padding(1, 1);
        }
        if (variant.contains("include") || variant.contains("exclude")) {
            p.avgPoolIncludePadInDivisor(variant.contains("include"));
        }
        MultiLayerNetwork net = Nets.mln(InputType.convolutionalFlat(9, 11, 1),
                new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.IDENTITY).build(),
                p.build(),
                new DenseLayer.Builder().nOut(7).activation(Activation.SIGMOID).build(),
                out(3, Activation.SOFTMAX));
        assertSameOutputs(net, Dl4jExporter.export(net, InputType.convolutionalFlat(9, 11, 1)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void batchNormalizationInInferenceModeOnConvolutionsAndDenseLayers(boolean logStd) {
        MultiLayerNetwork net = Nets.mln(InputType.convolutionalFlat(8, 8, 2),
                new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build(),
                new BatchNormalization.Builder().useLogStd(logStd).activation(Activation.RELU).build(), // DL4J ignores it
                new DenseLayer.Builder().nOut(9).activation(Activation.IDENTITY).build(),
                new BatchNormalization.Builder().useLogStd(logStd).build(),
                out(3, Activation.SOFTMAX));
        randomRunningStatistics(net);
        assertSameOutputs(net, Dl4jExporter.export(net, InputType.convolutionalFlat(8, 8, 2)));
    }

    /** Gamma, beta, mean and variance far from their initial 1, 0, 0, 1, so that a wrong formula shows. */
    private static void randomRunningStatistics(MultiLayerNetwork net) {
        Random r = new Random(11);
        net.paramTable().forEach((k, v) -> {
            String p = k.substring(k.indexOf('_') + 1);
            for (long i = 0; i < v.length(); i++) {
                double value = switch (p) {
                    case "gamma" -> 0.5 + r.nextDouble();
                    case "beta", "mean" -> r.nextGaussian();
                    case "var" -> 0.2 + 2 * r.nextDouble();
                    case "log10stdev" -> Math.log10(0.4 + r.nextDouble());
                    default -> Double.NaN;
                };
                if (!Double.isNaN(value)) {
                    v.putScalar(i, value);
                }
            }
        });
    }

    @Test
    void activationAndDropoutLayers() {
        MultiLayerNetwork net = Nets.mln(InputType.feedForward(10),
                new DenseLayer.Builder().nOut(8).activation(Activation.IDENTITY).build(),
                new ActivationLayer.Builder().activation(Activation.TANH).build(),
                new DropoutLayer.Builder(0.5).build(),
                new DenseLayer.Builder().nOut(6).activation(Activation.IDENTITY).build(),
                new ActivationLayer.Builder().activation(Activation.SOFTMAX).build(),
                out(4, Activation.SIGMOID));
        RuntimeModel model = Dl4jExporter.export(net);
        assertSameOutputs(net, model);
        assertThat(model.layers()).hasSize(5);
    }

    @Test
    void lenetStyleCnnAsMultiLayerNetworkAndAsGraph() {
        InputType in = InputType.convolutionalFlat(28, 28, 1);
        org.deeplearning4j.nn.conf.layers.Layer[] layers = {
            new ConvolutionLayer.Builder(5, 5).nOut(6).activation(Activation.RELU).build(),
            new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
            new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build(),
            new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
            new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build(),
            out(10, Activation.SOFTMAX)};
        MultiLayerNetwork net = Nets.mln(in, layers);
        assertSameOutputs(net, Dl4jExporter.export(net, in));
        ComputationGraph graph = Nets.graph(InputType.convolutional(28, 28, 1), layers);
        assertSameOutputs(graph, Dl4jExporter.export(graph, InputType.convolutional(28, 28, 1)), true);
    }

    @Test
    void mlpAsGraph() {
        ComputationGraph graph = Nets.graph(InputType.feedForward(30),
                new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build(),
                new BatchNormalization.Builder().build(),
                out(4, Activation.SOFTMAX));
        Nets.prune(graph, 0.9, 9);
        assertSameOutputs(graph, Dl4jExporter.export(graph));
    }

    @Test
    void savedAndReloadedModelComputesTheSame(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        MultiLayerNetwork net = Nets.mln(InputType.feedForward(50),
                new DenseLayer.Builder().nOut(20).activation(Activation.RELU).build(), out(5, Activation.SOFTMAX));
        Nets.prune(net, 0.9, 1);
        java.nio.file.Path file = dir.resolve("m.dl4jrt");
        Dl4jExporter.save(net, null, file);
        assertSameOutputs(net, RuntimeModel.load(file));
        INDArray w = net.getLayer(0).getParam("W");
        assertThat(java.nio.file.Files.size(file)).as("sparse weights stored as non-zeros")
                .isLessThan(w.length() * 4 / 2);
    }
}
