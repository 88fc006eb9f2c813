package io.github.dl4jpruning.runtime.dl4j;

import io.github.dl4jpruning.runtime.KernelPolicy;
import io.github.dl4jpruning.runtime.RuntimeModel;
import java.io.ByteArrayInputStream;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ComputationGraphs with residual adds (a DAG, not a chain) run in the runtime as in DL4J. */
class ResidualGraphTest {

    /**
     * A ResNet-style block as the benchmark's ResNetMnist: a stride-4 stem with BN+ReLU, two 3x3 Same convolutions
     * with BN, added to the stem's output, a ReLU layer and a softmax over the flattened maps.
     */
    static ComputationGraph resnet(int width) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-3))
                .weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in")
                .addLayer("stem", new ConvolutionLayer.Builder(4, 4).stride(4, 4).nOut(width)
                        .activation(Activation.IDENTITY).hasBias(false).build(), "in")
                .addLayer("stem_bn", new BatchNormalization.Builder().activation(Activation.RELU).build(), "stem")
                .addLayer("a", new ConvolutionLayer.Builder(3, 3).nOut(width).activation(Activation.IDENTITY)
                        .hasBias(false).build(), "stem_bn")
                .addLayer("a_bn", new BatchNormalization.Builder().activation(Activation.RELU).build(), "a")
                .addLayer("b", new ConvolutionLayer.Builder(3, 3).nOut(width).activation(Activation.IDENTITY)
                        .build(), "a_bn")
                .addLayer("b_bn", new BatchNormalization.Builder().build(), "b")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "b_bn", "stem_bn")
                .addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "add")
                .addLayer("drop", new DropoutLayer.Builder(0.5).build(), "relu")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "drop")
                .setOutputs("out").setInputTypes(InputType.convolutional(28, 28, 1)).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        randomise(g, 5);
        return g;
    }

    /** Non-trivial biases and BN statistics (DL4J starts at mean 0, variance 1, gamma 1, beta 0). */
    static void randomise(ComputationGraph g, long seed) {
        Random r = new Random(seed);
        g.paramTable().forEach((k, v) -> {
            boolean positive = k.endsWith("_var") || k.endsWith("_gamma");
            if (k.endsWith("_b") || k.endsWith("_mean") || k.endsWith("_beta") || positive) {
                for (long i = 0; i < v.length(); i++) {
                    v.putScalar(i, positive ? 0.5 + r.nextDouble() : r.nextGaussian() * 0.3);
                }
            }
        });
    }

    @Test
    void resNetStyleBlockMatchesDl4jUnderEveryKernelAndAfterSaveAndLoad() throws Exception {
        ComputationGraph g = resnet(6);
        String before = g.params().toString();
        RuntimeModel m = Dl4jExporter.export(g, InputType.convolutional(28, 28, 1));
        assertThat(m.layers()).extracting(l -> l.type()).containsExactly("conv2d", "affine", "conv2d", "affine",
                "conv2d", "affine", "add", "activation", "dense");
        assertThat(m.inputs().get(6)).containsExactly(5, 1);
        Equality.assertSameOutputs(g, m, true);
        RuntimeModel reloaded = RuntimeModel.read(new ByteArrayInputStream(m.toBytes()), KernelPolicy.AUTO);
        assertThat(Equality.maxDiff(g, reloaded, 5, 11, true)).isLessThanOrEqualTo(Equality.TOLERANCE);
        assertThat(g.params().toString()).isEqualTo(before);
    }

    /**
     * The benchmark's ResNetMnist layout (ReLUs as activation layers, convolutions without bias, BN with non-trivial
     * statistics, gamma and beta): exported as its 11 layers, run as 5 steps (each BN folded into its convolution,
     * each ReLU fused, the add's ReLU in the add), equal to DL4J at batch 1, 3, 16 and 65 under every kernel policy.
     */
    @Test
    void resNetMnistLayoutRunsFoldedAndMatchesDl4j() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(8)
                .weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in")
                .addLayer("stem", new ConvolutionLayer.Builder(4, 4).stride(4, 4).nOut(6)
                        .activation(Activation.IDENTITY).hasBias(false).build(), "in")
                .addLayer("stem_bn", new BatchNormalization.Builder().build(), "stem")
                .addLayer("stem_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "stem_bn")
                .addLayer("a", new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.IDENTITY)
                        .hasBias(false).build(), "stem_relu")
                .addLayer("a_bn", new BatchNormalization.Builder().build(), "a")
                .addLayer("a_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "a_bn")
                .addLayer("b", new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.IDENTITY)
                        .hasBias(false).build(), "a_relu")
                .addLayer("b_bn", new BatchNormalization.Builder().build(), "b")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "b_bn", "stem_relu")
                .addLayer("add_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "add")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "add_relu")
                .setOutputs("out").setInputTypes(InputType.convolutional(28, 28, 1)).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        randomise(g, 9);
        RuntimeModel m = Dl4jExporter.export(g, InputType.convolutional(28, 28, 1));
        assertThat(m.layers()).hasSize(11);
        assertThat(m.steps()).extracting(l -> l.type()).containsExactly("conv2d", "conv2d", "conv2d", "add",
                "dense");
        Equality.assertSameOutputs(g, m, true);
        assertThat(Equality.maxDiff(g, m, 64, 3, true)).isLessThanOrEqualTo(Equality.TOLERANCE);
    }

    @Test
    void addOfThreeBranchesOnDenseLayers() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(4)
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("x")
                .addLayer("d1", new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build(), "x")
                .addLayer("d2", new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build(), "x")
                .addLayer("d3", new DenseLayer.Builder().nOut(8).activation(Activation.SIGMOID).build(), "d1")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "d1", "d2", "d3")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "sum")
                .setOutputs("out").setInputTypes(InputType.feedForward(12)).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        randomise(g, 6);
        RuntimeModel m = Dl4jExporter.export(g, InputType.feedForward(12));
        assertThat(m.inputs().get(3)).containsExactly(0, 1, 2);
        Equality.assertSameOutputs(g, m);
    }

    @Test
    void unsupportedVertexIsRefusedByNameAndTheGraphIsUnchanged() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).graphBuilder().allowDisconnected(true)
                .addInputs("x")
                .addLayer("d1", new DenseLayer.Builder().nOut(4).build(), "x")
                .addLayer("d2", new DenseLayer.Builder().nOut(4).build(), "x")
                .addVertex("cat", new MergeVertex(), "d1", "d2")
                .addVertex("prod", new ElementWiseVertex(ElementWiseVertex.Op.Product), "d1", "d2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "cat")
                .setOutputs("out").setInputTypes(InputType.feedForward(5)).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        String before = g.params().toString();
        assertThatThrownBy(() -> Dl4jExporter.export(g, InputType.feedForward(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("vertex '(cat|prod)' is a(n ElementWiseVertex Product of 2 inputs| MergeVertex); "
                        + "expected a layer vertex or an ElementWiseVertex Add of 2 to 64 inputs");
        assertThat(g.params().toString()).isEqualTo(before);
    }
}
