package io.github.dl4jpruning.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.compact.CompactionResult;
import io.github.dl4jpruning.compact.Compactor;
import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.pruning.Pruner;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.Target;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A dense layer reading a convolution's map through the {@code CnnToFeedForwardPreProcessor} that
 * {@code setInputTypes} put on its vertex (VGG16's layer "18", ResNet50's "output", FaceNet's "bottleneck"): DL4J
 * 1.0.0-M2.1's {@code getLayerActivationTypes(false, ...)} types that layer with the convolutional input, not the
 * preprocessor's output, and throws "expected FeedForward input type". The graph, the adapter's MACs, structured
 * pruning and compaction must all get through it, with the flattened rows of each filter coupled to it.
 */
class FlattenBeforeDenseTest {

    private static final InputType TYPE = InputType.convolutional(5, 5, 2);

    private static ComputationGraph net() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(6).graphBuilder()
                .addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(),
                        "in")
                .addLayer("fc", new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "fc")
                .setOutputs("out")
                .setInputTypes(TYPE)
                .build());
        graph.init();
        return graph;
    }

    @Test
    void filtersCoupleToTheirFlattenedRowsAndUsesAreKnown() {
        ComputationGraph graph = net();

        NetworkAdapter adapter = NetworkAdapter.of(graph, TYPE);

        DependencyGraph g = adapter.graph();
        PruningGroup conv = g.groupProducedBy("conv").orElseThrow();
        assertThat(conv.prunable()).isTrue();
        ParamSlice rows = conv.slices(SliceRole.CONSUMER_INPUT).get(0);
        assertThat(rows.layer()).isEqualTo("fc");
        assertThat(rows.indices(1)).containsExactly(9, 10, 11, 12, 13, 14, 15, 16, 17);
        assertThat(adapter.layers()).extracting(PrunableLayer::usesPerInference).containsExactly(9L, 1L, 1L);
    }

    @Test
    void structuredPruningAndCompactionGetThroughTheFlatten() {
        ComputationGraph graph = net();
        new Pruner(PruningConfig.builder().granularity(Granularity.NEURONS).build())
                .prune(NetworkAdapter.of(graph, TYPE), new PruneMasks(), Signals.none(), Target.sparsity(0.5));
        INDArray x = Nd4j.rand(new long[] {4, 2, 5, 5});
        INDArray expected = graph.outputSingle(x.dup());

        CompactionResult r = Compactor.builder().inputType(TYPE).build().compact(graph);

        ComputationGraph small = (ComputationGraph) r.network();
        long filters = small.getParam("conv_W").shape()[0];
        assertThat(r.removedFraction()).isEqualTo(0.5);
        assertThat(small.getParam("fc_W").shape()[0]).isEqualTo(filters * 9);
        assertThat(small.outputSingle(x.dup()).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
    }
}
