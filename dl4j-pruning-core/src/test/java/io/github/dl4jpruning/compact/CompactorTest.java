package io.github.dl4jpruning.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.pruning.Pruner;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.testutil.TinyNets;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class CompactorTest {

    private static PruneMasks pruneNeurons(Model net, double sparsity) {
        return pruneNeurons(net, null, sparsity);
    }

    private static PruneMasks pruneNeurons(Model net, InputType type, double sparsity) {
        Pruner pruner = new Pruner(PruningConfig.builder().granularity(Granularity.NEURONS).build());
        return pruner.prune(NetworkAdapter.of(net, type), new PruneMasks(), Signals.none(), Target.sparsity(sparsity))
                .masks();
    }

    private static DataSet all(DataSetIterator it) {
        it.reset();
        java.util.List<DataSet> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return DataSet.merge(list);
    }

    @Test
    void compactedMlpGivesSameOutputsAsMaskedOne() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
        net.fit(TinyNets.data(256, 32, 1), 2);
        pruneNeurons(net, 0.5);
        INDArray x = all(TinyNets.data(64, 64, 2)).getFeatures();
        INDArray before = net.output(x);
        INDArray paramsBefore = net.params().dup();

        CompactionResult r = Compactor.compactNetwork(net);

        MultiLayerNetwork small = (MultiLayerNetwork) r.network();
        assertThat(r.layers()).hasSize(2);
        assertThat(r.layers().get(0).neuronsBefore()).isEqualTo(16);
        assertThat(r.layers().get(0).neuronsAfter()).isEqualTo(8);
        assertThat(r.layers().get(1).neuronsAfter()).isEqualTo(3);
        assertThat(r.layers().get(1).inputsAfter()).isEqualTo(8);
        assertThat(r.removedFraction()).isEqualTo(0.5);
        assertThat(r.macsBefore()).isEqualTo(8 * 16 + 16 * 3);
        assertThat(r.macsAfter()).isEqualTo(8 * 8 + 8 * 3);
        assertThat(small.output(x).sub(before).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(net.params()).as("original untouched").isEqualTo(paramsBefore);
        assertThat(net.getParam("0_W").shape()).containsExactly(8, 16);
    }

    @Test
    void deadNeuronsWithNonZeroActivationAtZeroAreFoldedIntoTheNextBias() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nIn(8).nOut(6).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getParam("0_W").getColumn(2).assign(0);
        net.getParam("0_W").getColumn(4).assign(0);
        net.getParam("0_b").putScalar(2, 0).putScalar(4, 0);
        INDArray x = all(TinyNets.data(32, 32, 4)).getFeatures();

        CompactionResult r = Compactor.compactNetwork(net);

        assertThat(r.layers().get(0).keptNeurons()).containsExactly(0, 1, 3, 5);
        INDArray diff = ((MultiLayerNetwork) r.network()).output(x).sub(net.output(x));
        assertThat(diff.amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void unusedInputsAreDroppedAndTheIndexMapSelectsTheRest() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
        net.getParam("0_W").getRow(6).assign(0);
        net.getParam("0_W").getRow(7).assign(0);
        INDArray x = all(TinyNets.data(64, 64, 2)).getFeatures();

        CompactionResult r = Compactor.builder().dropUnusedInputs(true).build().compact(net);

        assertThat(r.inputIndexMap()).containsExactly(0, 1, 2, 3, 4, 5);
        MultiLayerNetwork small = (MultiLayerNetwork) r.network();
        assertThat(small.layerInputSize(0)).isEqualTo(6);
        assertThat(small.output(r.selectInputs(x)).sub(net.output(x)).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void compactedCnnDropsPrunedFiltersAndTheirFlattenedRows() {
        MultiLayerNetwork net = TinyNets.cnn(3);
        net.fit(TinyNets.images(128, 32, 1), 1);
        PruneMasks masks = pruneNeurons(net, InputType.convolutional(8, 8, 1), 0.5);
        assertThat(masks.sparsity("0_W")).isEqualTo(0.5);
        INDArray x = all(TinyNets.images(32, 32, 2)).getFeatures();
        INDArray before = net.output(x);

        CompactionResult r = Compactor.builder().inputType(InputType.convolutional(8, 8, 1)).build().compact(net);

        MultiLayerNetwork small = (MultiLayerNetwork) r.network();
        LayerCompaction conv = r.layers().get(0);
        assertThat(conv.neuronsBefore()).isEqualTo(4);
        assertThat(conv.neuronsAfter()).isEqualTo(2);
        LayerCompaction dense = r.layers().get(1);
        assertThat(dense.inputsBefore()).isEqualTo(4 * 3 * 3);
        assertThat(dense.inputsAfter()).isEqualTo(2 * 3 * 3);
        assertThat(r.macsBefore()).isEqualTo(1 * 4 * 9 * 36 + 36 * 8 + 8 * 3);
        assertThat(r.macsAfter()).isLessThan(r.macsBefore());
        assertThat(small.output(x).sub(before).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void stackedConvolutionsShrinkTheNextConvolutionsInputChannels() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(2).updater(new Adam(1e-2)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(9, 9, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        InputType type = InputType.convolutional(9, 9, 1);
        pruneNeurons(net, type, 0.5);
        INDArray x = Nd4j.rand(new long[] {5, 1, 9, 9});
        INDArray before = net.output(x);

        CompactionResult r = Compactor.builder().inputType(type).build().compact(net);

        assertThat(r.layers()).extracting(LayerCompaction::neuronsAfter).containsExactly(3L, 2L, 2L, 3L);
        assertThat(r.layers().get(1).inputsAfter()).isEqualTo(3);
        assertThat(((MultiLayerNetwork) r.network()).output(x).sub(before).amaxNumber().doubleValue())
                .isLessThan(1e-5);
    }

    @Test
    void compactedGraphChainGivesSameOutputs() {
        ComputationGraph graph = TinyNets.graph(3);
        graph.fit(TinyNets.data(256, 32, 1), 2);
        pruneNeurons(graph, 0.25);
        INDArray x = all(TinyNets.data(64, 64, 2)).getFeatures();
        INDArray before = graph.outputSingle(x);

        CompactionResult r = Compactor.compactNetwork(graph);

        ComputationGraph small = (ComputationGraph) r.network();
        assertThat(r.layers().get(0).name()).isEqualTo("dense");
        assertThat(r.layers().get(0).neuronsAfter()).isEqualTo(12);
        assertThat(small.outputSingle(x).sub(before).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(graph.getParam("dense_W").shape()).containsExactly(8, 16);
    }

    @Test
    void compactedNetworkTrainsFurther() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
        net.fit(TinyNets.data(256, 32, 1), 1);
        pruneNeurons(net, 0.5);
        MultiLayerNetwork small = (MultiLayerNetwork) Compactor.compactNetwork(net).network();
        DataSet test = all(TinyNets.data(256, 256, 9));
        double scoreBefore = small.score(test);

        small.fit(TinyNets.data(256, 32, 1), 5);

        assertThat(small.score(test)).isLessThan(scoreBefore);
        assertThat(small.getLayerWiseConfigurations().getEpochCount()).isEqualTo(6);
    }

    @Test
    void unsupportedVertexInAPrunedGroupIsRejectedNamingItAndTheNetworkIsUnchanged() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).graphBuilder()
                .addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(8).nOut(6).activation(Activation.RELU).build(), "in")
                .addVertex("norm", new L2NormalizeVertex(), "dense")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "norm")
                .setOutputs("out")
                .build());
        graph.init();
        graph.getParam("dense_W").getColumn(2).assign(0);
        graph.getParam("dense_b").putScalar(2, 0);
        INDArray before = graph.params().dup();

        assertThatThrownBy(() -> Compactor.compactNetwork(graph))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'dense'").hasMessageContaining("L2NormalizeVertex")
                .hasMessageContaining("'norm'");
        assertThat(graph.params()).isEqualTo(before);
    }

    @Test
    void concatenationLosesThePrunedChannelsAtTheirOffsets() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).graphBuilder()
                .addInputs("in")
                .addLayer("left", new DenseLayer.Builder().nIn(8).nOut(4).activation(Activation.RELU).build(), "in")
                .addLayer("right", new DenseLayer.Builder().nIn(8).nOut(5).activation(Activation.TANH).build(), "in")
                .addVertex("joined", new MergeVertex(), "left", "right")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(9).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "joined")
                .setOutputs("out")
                .build());
        graph.init();
        DependencyGraph dg = DependencyGraph.of(graph);
        GroupMasks.prune(graph, dg, "left", 0, 3);
        GroupMasks.prune(graph, dg, "right", 1);
        INDArray x = Nd4j.rand(new long[] {16, 8}).subi(0.5);
        INDArray expected = graph.outputSingle(x);

        CompactionResult r = Compactor.compactNetwork(graph);

        ComputationGraph small = (ComputationGraph) r.network();
        assertThat(small.getParam("out_W").shape()).containsExactly(6, 3);
        assertThat(small.getParam("left_W").shape()).containsExactly(8, 2);
        assertThat(small.getParam("right_W").shape()).containsExactly(8, 4);
        assertThat(r.layers().get(0).keptNeurons()).containsExactly(1, 2);
        assertThat(small.outputSingle(x).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void batchNormalizationChannelsAndRunningStatisticsShrinkWithTheirLayer() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nIn(8).nOut(6).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(6).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.fit(TinyNets.data(64, 32, 1), 2);
        GroupMasks.prune(net, DependencyGraph.of(net), "0", 1, 4);
        INDArray mean = net.getLayer(1).paramTable().get("mean").dup();
        INDArray x = all(TinyNets.data(16, 16, 2)).getFeatures();

        MultiLayerNetwork small = (MultiLayerNetwork) Compactor.compactNetwork(net).network();

        assertThat(small.getLayer(1).paramTable().get("gamma").length()).isEqualTo(4);
        assertThat(small.getLayer(1).paramTable().get("mean").toDoubleVector())
                .containsExactly(mean.getDouble(0), mean.getDouble(2), mean.getDouble(3), mean.getDouble(5));
        assertThat(small.layerInputSize(2)).isEqualTo(4);
        assertThat(small.output(x).sub(net.output(x)).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void batchNormalizationIsCopiedWhereChannelsStay() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(8).nOut(6).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().nOut(6).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.fit(TinyNets.data(64, 32, 1), 1);
        INDArray x = all(TinyNets.data(16, 16, 2)).getFeatures();

        MultiLayerNetwork small = (MultiLayerNetwork) Compactor.compactNetwork(net).network();

        assertThat(small.output(x).sub(net.output(x)).amaxNumber().doubleValue()).isLessThan(1e-5);
    }
}
