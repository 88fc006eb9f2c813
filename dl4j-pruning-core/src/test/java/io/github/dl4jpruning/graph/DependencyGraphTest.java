package io.github.dl4jpruning.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class DependencyGraphTest {

    static MultiLayerNetwork lenetBn() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer(Activation.RELU))
                .layer(new SubsamplingLayer.Builder(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void convFilterGroupOwnsBatchNormChannelsAndTheFlattenedDenseRows() {
        DependencyGraph g = DependencyGraph.of(lenetBn(), InputType.convolutional(8, 8, 1));
        PruningGroup conv = g.groupProducedBy("0").orElseThrow();
        assertThat(conv.prunable()).isTrue();
        assertThat(conv.unitCount()).isEqualTo(4);
        assertThat(conv.paramKeys()).containsExactlyInAnyOrder("0_W", "0_b", "1_gamma", "1_beta", "1_mean",
                "1_log10stdev", "4_W");
        ParamSlice dense = conv.slices(SliceRole.CONSUMER_INPUT).get(0);
        // 8x8 -conv3-> 6x6 -pool2-> 3x3: channel 2 is rows [18, 27) of the dense W.
        assertThat(dense.indices(2)).containsExactly(18, 19, 20, 21, 22, 23, 24, 25, 26);
        assertThat(dense.dim()).isZero();
        assertThat(g.groupProducedBy("4").orElseThrow().prunable()).isTrue();
        assertThat(g.groupProducedBy("5")).isEmpty();
        assertThat(g.node("0").usesPerInference()).isEqualTo(36);
        assertThat(g.node("0").denseMacs()).isEqualTo(36L * 4 * 9);
    }

    @Test
    void residualAddMergesBranchesAndConcatenationOffsetsConsumers() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .addLayer("a", new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(
                        org.deeplearning4j.nn.conf.ConvolutionMode.Same).build(), "in")
                .addLayer("b", new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(
                        org.deeplearning4j.nn.conf.ConvolutionMode.Same).build(), "a")
                .addLayer("bn", new BatchNormalization.Builder().build(), "b")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "bn")
                .addLayer("c", new ConvolutionLayer.Builder(1, 1).nOut(3).build(), "add")
                .addVertex("cat", new MergeVertex(), "add", "c")
                .addLayer("d", new ConvolutionLayer.Builder(1, 1).nOut(5).build(), "cat")
                .addLayer("gp", new GlobalPoolingLayer.Builder().build(), "d")
                .addLayer("out", new OutputLayer.Builder().nOut(2).build(), "gp")
                .setOutputs("out").setInputTypes(InputType.convolutional(6, 6, 2)).build();
        DependencyGraph g = DependencyGraph.of(conf, InputType.convolutional(6, 6, 2));
        PruningGroup res = g.groupProducedBy("b").orElseThrow();
        assertThat(res).isEqualTo(g.groupProducedBy("a").orElseThrow());
        assertThat(res.producers()).containsExactly("a", "b");
        assertThat(res.layers()).contains("a", "b", "bn", "c", "d");
        PruningGroup c = g.groupProducedBy("c").orElseThrow();
        ParamSlice inD = c.slices(SliceRole.CONSUMER_INPUT).get(0);
        assertThat(inD.layer()).isEqualTo("d");
        assertThat(inD.indices(1)).containsExactly(5);
        assertThat(g.groups()).hasSize(3);
        assertThat(g.prunableGroups()).hasSize(3);
    }

    @Test
    void groupThroughUnsupportedVertexIsNotPrunableAndSaysWhichVertex() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .addLayer("d1", new DenseLayer.Builder().nIn(4).nOut(5).build(), "in")
                .addVertex("l2", new L2NormalizeVertex(), "d1")
                .addLayer("out", new OutputLayer.Builder().nIn(5).nOut(2).build(), "l2")
                .setOutputs("out").build();
        ComputationGraph cg = new ComputationGraph(conf);
        cg.init();
        PruningGroup d1 = DependencyGraph.of(cg).groupProducedBy("d1").orElseThrow();
        assertThat(d1.prunable()).isFalse();
        assertThat(d1.reason()).contains("L2NormalizeVertex", "'l2'");
    }

    @Test
    void lstmUnitOwnsItsFourGateColumnsAndItsRecurrentRow() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new LSTM.Builder().nOut(3).build())
                .layer(new RnnOutputLayer.Builder().nOut(2).build())
                .setInputType(InputType.recurrent(4, 7)).build();
        DependencyGraph g = DependencyGraph.of(conf, InputType.recurrent(4, 7));
        PruningGroup lstm = g.groupProducedBy("0").orElseThrow();
        assertThat(lstm.prunable()).isTrue();
        ParamSlice w = lstm.slices(SliceRole.PRODUCER_OUTPUT).get(0);
        assertThat(w.fullKey()).isEqualTo("0_W");
        assertThat(w.indices(1)).containsExactly(1, 4, 7, 10);
        assertThat(lstm.slices(SliceRole.PER_CHANNEL).get(0).indices(1)).containsExactly(1);
        assertThat(g.node("0").usesPerInference()).isEqualTo(7);
        assertThat(g.node("0").denseMacs()).isEqualTo(7L * (4 * 12 + 3 * 12));
    }

    @Test
    void outputLayerUnitsAreNeverAGroupAndADenseAtTheOutputIsNotPrunable() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).build())
                .layer(new DenseLayer.Builder().nIn(4).nOut(2).build())
                .build();
        DependencyGraph g = DependencyGraph.of(conf, null);
        assertThat(g.groupProducedBy("0").orElseThrow().prunable()).isTrue();
        assertThat(g.groupProducedBy("1").orElseThrow().reason()).contains("network output");
        assertThatThrownBy(() -> g.node("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }
}
