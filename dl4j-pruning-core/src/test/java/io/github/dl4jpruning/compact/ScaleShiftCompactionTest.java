package io.github.dl4jpruning.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.pruning.Pruner;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@code ScaleVertex} and {@code ShiftVertex} are pass-through couplings (issue 11): the channels of the layer before
 * them are the channels the layer after them reads, so a pruned filter or neuron loses its output slice before the
 * vertex and its input slice after it. Pruned by the real pruner and compacted, the outputs equal the masked ones.
 */
class ScaleShiftCompactionTest {

    private static final InputType IMAGE = InputType.convolutional(5, 5, 3);

    /** conv (8 filters) -> vertex -> conv (6 filters) -> vertex -> dense (7) -> output, in double precision. */
    private static ComputationGraph net(GraphVertex first, GraphVertex second) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(4)
                .dataType(DataType.DOUBLE).convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.RELU).build(), "in")
                .addVertex("v1", first, "conv1")
                .addLayer("conv2", new ConvolutionLayer.Builder(1, 3).nOut(6).activation(Activation.TANH).build(), "v1")
                .addVertex("v2", second, "conv2")
                .addLayer("dense", new DenseLayer.Builder().nOut(7).activation(Activation.RELU).build(), "v2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(3)
                        .activation(Activation.IDENTITY).build(), "dense")
                .setOutputs("out").setInputTypes(IMAGE).build());
        g.init();
        return g;
    }

    private static INDArray input() {
        Nd4j.getRandom().setSeed(9);
        return Nd4j.rand(DataType.DOUBLE, 4, 3, 5, 5).subi(0.5);
    }

    /** Prunes 50% of the units globally, compacts, and checks the sizes shrank and the outputs stayed. */
    private static void assertPrunedCompactionIsExact(ComputationGraph g) {
        new Pruner(PruningConfig.builder().scope(Scope.GLOBAL).granularity(Granularity.NEURONS).build())
                .prune(NetworkAdapter.of(g, IMAGE), new PruneMasks(), Signals.none(), Target.sparsity(0.5));
        INDArray x = input();
        INDArray masked = g.outputSingle(false, x.dup());

        ComputationGraph small = (ComputationGraph) Compactor.builder().inputType(IMAGE).build().compact(g).network();

        long filters1 = small.getParam("conv1_W").size(0);
        long filters2 = small.getParam("conv2_W").size(0);
        assertThat(filters1 + filters2).isLessThan(14);
        assertThat(small.getParam("conv2_W").size(1)).isEqualTo(filters1);
        assertThat(small.getParam("dense_W").size(0)).isEqualTo(filters2 * 25);
        assertThat(small.outputSingle(false, x.dup()).sub(masked).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @Test
    void scaleVertexCarriesPrunedFiltersToItsConsumer() {
        ComputationGraph g = net(new ScaleVertex(2.5), new ScaleVertex(-0.5));
        DependencyGraph dg = DependencyGraph.of(g, IMAGE);
        assertThat(dg.group("conv1").orElseThrow().prunable()).isTrue();
        assertThat(dg.group("conv1").orElseThrow().layers()).contains("conv2");
        assertPrunedCompactionIsExact(g);
    }

    @Test
    void shiftVertexCarriesPrunedFiltersToItsConsumer() {
        ComputationGraph g = net(new ShiftVertex(0.7), new ShiftVertex(-0.3));
        DependencyGraph dg = DependencyGraph.of(g, IMAGE);
        assertThat(dg.group("conv2").orElseThrow().prunable()).isTrue();
        assertThat(dg.group("conv2").orElseThrow().layers()).contains("dense");
        assertPrunedCompactionIsExact(g);
    }

    /**
     * A filter whose own weights and bias are zero but whose consumer still reads it: after a ShiftVertex its output is
     * the shift, not 0, so the compactor must keep it (or fold it); removing it would change the outputs.
     */
    @Test
    void aFilterSilencedOnlyBeforeAShiftVertexIsNotDropped() {
        ComputationGraph g = net(new ShiftVertex(0.7), new ShiftVertex(-0.3));
        g.getParam("conv1_W").get(NDArrayIndex.point(2), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all())
                .assign(0);
        g.getParam("conv1_b").putScalar(2, 0);
        INDArray x = input();
        INDArray expected = g.outputSingle(false, x.dup());

        ComputationGraph small = (ComputationGraph) Compactor.builder().inputType(IMAGE).build().compact(g).network();

        assertThat(small.getParam("conv2_W").size(1)).isEqualTo(8);
        assertThat(small.outputSingle(false, x.dup()).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-12);
    }
}
