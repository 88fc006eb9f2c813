package io.github.dl4jpruning.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.graph.PruningGroup;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.pruning.Pruner;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * LocalResponseNormalization divides each channel by the energy of its neighbouring channels (a window of {@code n}
 * channel indices), so removing a channel, even one that outputs exactly 0, moves other channels into the windows of
 * the channels after it: compaction through an LRN cannot be exact. The dependency graph therefore does not prune
 * groups whose channels reach an LRN; the compactor refuses a network whose such group was pruned, naming the LRN.
 */
class LrnCompactionTest {

    private static final InputType IMAGE = InputType.convolutional(4, 4, 2);

    /** conv1 (6 filters) -> LRN -> conv2 (5 filters) -> dense (4) -> output, in double precision. */
    private static ComputationGraph net() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(8)
                .dataType(DataType.DOUBLE).convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.RELU).build(), "in")
                .addLayer("lrn", new LocalResponseNormalization.Builder().k(1).n(3).alpha(1).beta(0.75).build(),
                        "conv1")
                .addLayer("conv2", new ConvolutionLayer.Builder(3, 3).nOut(5).activation(Activation.RELU).build(), "lrn")
                .addLayer("dense", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "conv2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build(), "dense")
                .setOutputs("out").setInputTypes(IMAGE).build());
        g.init();
        return g;
    }

    private static INDArray input() {
        Nd4j.getRandom().setSeed(2);
        return Nd4j.rand(DataType.DOUBLE, 3, 2, 4, 4);
    }

    @Test
    void removingAZeroChannelChangesTheLrnOutputsOfTheChannelsAfterIt() {
        MultiLayerNetwork lrn6 = lrnOnly(6);
        MultiLayerNetwork lrn5 = lrnOnly(5);
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 6, 3, 3).addi(0.5);
        x.get(NDArrayIndex.all(), NDArrayIndex.point(2)).assign(0);   // channel 2 outputs exactly 0: "pruned"
        INDArray without = Nd4j.concat(1, x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)),
                x.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 6)));

        INDArray masked = lrn6.output(x.dup());
        INDArray compacted = lrn5.output(without);

        INDArray keptOfMasked = Nd4j.concat(1, masked.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)),
                masked.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 6)));
        // Window of n = 3 channels. Channel 0's window {0, 1} is the same in both. Channel 1's window {0, 1, 2} held
        // the zero channel 2 and now holds channel 3; channel 3's {2, 3, 4} now holds channel 1: other normalisations.
        assertThat(keptOfMasked.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1))
                .sub(compacted.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1))).amaxNumber().doubleValue())
                .isLessThan(1e-12);
        assertThat(keptOfMasked.sub(compacted).amaxNumber().doubleValue()).isGreaterThan(1e-2);
    }

    private static MultiLayerNetwork lrnOnly(int channels) {
        MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .list()
                .layer(new LocalResponseNormalization.Builder().k(1).n(3).alpha(1).beta(0.75).build())
                .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(3, 3, channels)).build());
        n.init();
        return n;
    }

    @Test
    void groupsReachingAnLrnAreNotPrunableAndSayWhy() {
        DependencyGraph dg = DependencyGraph.of(net(), IMAGE);
        PruningGroup conv1 = dg.group("conv1").orElseThrow();
        assertThat(conv1.prunable()).isFalse();
        assertThat(conv1.reason()).contains("LocalResponseNormalization 'lrn'");
        assertThat(dg.group("conv2").orElseThrow().prunable()).isTrue();
    }

    @Test
    void aPrunedFilterBeforeAnLrnIsRefusedNamingItAndTheNetworkIsUnchanged() {
        ComputationGraph g = net();
        GroupMasks.prune(g, DependencyGraph.of(g, IMAGE), "conv1", 2);
        INDArray params = g.params().dup();

        assertThatThrownBy(() -> Compactor.builder().inputType(IMAGE).build().compact(g))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unit 2 of group 'conv1'")
                .hasMessageContaining("LocalResponseNormalization 'lrn'");
        assertThat(g.params()).isEqualTo(params);
    }

    @Test
    void theStructuredPrunerLeavesFiltersBeforeAnLrnAloneAndCompactionIsExact() {
        ComputationGraph g = net();
        new Pruner(PruningConfig.builder().scope(Scope.GLOBAL).granularity(Granularity.NEURONS).build())
                .prune(NetworkAdapter.of(g, IMAGE), new PruneMasks(), Signals.none(), Target.sparsity(0.5));
        INDArray x = input();
        INDArray masked = g.outputSingle(false, x.dup());

        ComputationGraph small = (ComputationGraph) Compactor.builder().inputType(IMAGE).build().compact(g).network();

        assertThat(small.getParam("conv1_W").size(0)).isEqualTo(6);
        assertThat(small.getParam("conv2_W").size(0)).isLessThan(5);
        assertThat(small.outputSingle(false, x.dup()).sub(masked).amaxNumber().doubleValue()).isLessThan(1e-12);
    }
}
