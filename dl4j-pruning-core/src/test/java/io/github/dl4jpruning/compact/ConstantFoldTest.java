package io.github.dl4jpruning.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.graph.DependencyGraph;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Units pruned as a group pruner writes them (producer outputs and consumer inputs zero) behind an activation whose
 * value at 0 is not 0: nothing reads them, so nothing is folded, whatever layer reads them (the zoo's SqueezeNet and
 * Xception patterns: a convolution, or a bias-free separable convolution, reading a sigmoid-like producer).
 */
class ConstantFoldTest {

    private static final InputType TYPE = InputType.convolutional(5, 5, 2);

    @Test
    void prunedUnitsReadByANarrowerConvolutionAreRemovedWithoutFolding() {
        // The consumer has fewer filters (3) than input channels (6): folding into its bias ran off its end.
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.SIGMOID).build())
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.RELU).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(TYPE)
                .build());
        net.init();
        GroupMasks.prune(net, DependencyGraph.of(net, TYPE), "0", 1, 4, 5);
        INDArray x = Nd4j.rand(new long[] {4, 2, 5, 5});
        INDArray expected = net.output(x);

        CompactionResult r = Compactor.builder().inputType(TYPE).build().compact(net);

        MultiLayerNetwork small = (MultiLayerNetwork) r.network();
        assertThat(small.getParam("0_W").shape()).containsExactly(3, 2, 3, 3);
        assertThat(small.getParam("1_W").shape()).containsExactly(3, 3, 2, 2);
        assertThat(small.getParam("1_b").toDoubleVector()).containsExactly(net.getParam("1_b").toDoubleVector());
        assertThat(small.output(x).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void prunedUnitsReadByABiasFreeSeparableConvolutionAreRemovedWithoutFolding() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(4).graphBuilder()
                .addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.SIGMOID).build(),
                        "in")
                .addLayer("sep", new SeparableConvolution2D.Builder(2, 2).nOut(5).hasBias(false)
                        .activation(Activation.RELU).build(), "conv")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "sep")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out")
                .setInputTypes(TYPE)
                .build());
        graph.init();
        GroupMasks.prune(graph, DependencyGraph.of(graph, TYPE), "conv", 0, 2);
        INDArray x = Nd4j.rand(new long[] {4, 2, 5, 5});
        INDArray expected = graph.outputSingle(x);

        CompactionResult r = Compactor.builder().inputType(TYPE).build().compact(graph);

        ComputationGraph small = (ComputationGraph) r.network();
        assertThat(small.getParam("conv_W").shape()).containsExactly(2, 2, 3, 3);
        assertThat(small.getParam("sep_W").shape()[1]).isEqualTo(2);
        assertThat(small.outputSingle(x).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
    }
}
