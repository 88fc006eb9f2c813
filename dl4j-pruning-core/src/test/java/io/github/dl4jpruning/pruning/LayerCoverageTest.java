package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Unstructured and structured pruning on every supported layer type. */
class LayerCoverageTest {

    static final InputType SEQ = InputType.recurrent(3, 5);
    static final InputType IMG = InputType.convolutional(8, 8, 2);

    static MultiLayerNetwork recurrent() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).list()
                .layer(new Convolution1DLayer.Builder(2).nOut(4).convolutionMode(ConvolutionMode.Same).build())
                .layer(new LSTM.Builder().nOut(6).build())
                .layer(new SimpleRnn.Builder().nOut(5).build())
                .layer(new RnnOutputLayer.Builder().nOut(2).build())
                .setInputType(SEQ).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static MultiLayerNetwork convolutional() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(2).convolutionMode(ConvolutionMode.Same)
                        .build())
                .layer(new SeparableConvolution2D.Builder(3, 3).depthMultiplier(2).nOut(6)
                        .convolutionMode(ConvolutionMode.Same).build())
                .layer(new Deconvolution2D.Builder(2, 2).stride(2, 2).nOut(5).build())
                .layer(new GlobalPoolingLayer.Builder().build())
                .layer(new OutputLayer.Builder().nOut(3).build())
                .setInputType(IMG).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static MultiLayerNetwork embedding() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(10).nOut(4).build())
                .layer(new GravesLSTM.Builder().nOut(3).build())
                .layer(new RnnOutputLayer.Builder().nOut(2).build())
                .setInputType(InputType.recurrent(1, 5)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static PruneMasks prune(MultiLayerNetwork net, InputType in, PruningConfig config, double target) {
        return new Pruner(config).prune(NetworkAdapter.of(net, in), new PruneMasks(), Signals.none(),
                Target.sparsity(target)).masks();
    }

    @Test
    void unstructuredPruningReachesConv1dLstmInputAndRecurrentWeightsAndSimpleRnn() {
        MultiLayerNetwork net = recurrent();
        PruneMasks masks = prune(net, SEQ, PruningConfig.defaults(), 0.5);
        assertThat(masks.keys()).containsExactlyInAnyOrder("0_W", "1_W", "1_RW", "2_W", "2_RW", "3_W");
        for (String k : masks.keys()) {
            assertThat(masks.sparsity(k)).as(k).isCloseTo(0.5, within(0.05));
            assertThat(net.getParam(k).eq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue())
                    .as("zeros in %s", k).isEqualTo(masks.prunedCount(k));
        }
        assertThat(net.output(Nd4j.rand(new int[] {2, 3, 5})).shape()).containsExactly(2, 2, 5);
    }

    @Test
    void unstructuredPruningReachesDepthwiseBothSeparableArraysAndDeconvolution() {
        PruneMasks masks = prune(convolutional(), IMG, PruningConfig.defaults(), 0.5);
        assertThat(masks.keys()).containsExactlyInAnyOrder("0_W", "2_W", "3_W", "3_pW", "4_W", "6_W");
        assertThat(masks.sparsity("3_pW")).isCloseTo(0.5, within(0.05));
    }

    @Test
    void gravesPeepholesAndBatchNormAreLeftAloneWithAReasonAndNamingThemIsAnError() {
        NetworkAdapter net = NetworkAdapter.of(embedding(), InputType.recurrent(1, 5));
        PruneMasks masks = new Pruner(PruningConfig.defaults()).prune(net, new PruneMasks(), Signals.none(),
                Target.sparsity(0.5)).masks();
        assertThat(masks.keys()).containsExactlyInAnyOrder("0_W", "1_W", "2_W");
        NetworkAdapter conv = NetworkAdapter.of(convolutional(), IMG);
        assertThat(conv.skippedLayers()).containsKey("1");
        assertThatThrownBy(() -> new Pruner(PruningConfig.builder().layers(1).build()).prune(conv, new PruneMasks(),
                Signals.none(), Target.sparsity(0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BatchNormalization");
    }

    @Test
    void anLstmHiddenUnitIsPrunedWithItsFourGatesItsRecurrentRowAndColumnsAndTheConsumersRow() {
        MultiLayerNetwork net = recurrent();
        PruneMasks masks = prune(net, SEQ, PruningConfig.builder().granularity(Granularity.NEURONS).layers(1).build(),
                0.5);
        INDArray w = net.getParam("1_W");
        INDArray rw = net.getParam("1_RW");
        INDArray next = net.getParam("2_W");
        int dead = 0;
        for (int u = 0; u < 6; u++) {
            boolean pruned = w.getColumn(u).eq(0).all();
            if (pruned) {
                dead++;
                for (int g = 0; g < 4; g++) {
                    assertThat(w.getColumn(u + 6L * g).eq(0).all()).as("gate %d of unit %d", g, u).isTrue();
                    assertThat(rw.getColumn(u + 6L * g).eq(0).all()).isTrue();
                }
                assertThat(rw.getRow(u).eq(0).all()).isTrue();
                assertThat(next.getRow(u).eq(0).all()).as("SimpleRnn input row %d", u).isTrue();
            }
        }
        assertThat(dead).isEqualTo(3);
        assertThat(masks.keys()).contains("1_W", "1_RW", "1_b", "2_W");
    }

    @Test
    void structuredGlobalPruningOfConvolutionVariantsKeepsEveryLayerAndTheNetworkRuns() {
        MultiLayerNetwork net = convolutional();
        PruneMasks masks = prune(net, IMG, PruningConfig.builder().granularity(Granularity.NEURONS).scope(Scope.GLOBAL)
                .build(), 0.4);
        assertThat(masks.keys()).contains("0_W", "1_gamma", "1_beta", "2_W", "2_b", "3_W", "3_pW", "4_W");
        for (String k : new String[] {"0_b", "3_b", "4_b"}) {
            assertThat(masks.sparsity(k)).as(k).isLessThan(0.95);
        }
        assertThat(net.output(Nd4j.rand(new int[] {2, 2, 8, 8})).shape()).containsExactly(2, 3);
    }
}
