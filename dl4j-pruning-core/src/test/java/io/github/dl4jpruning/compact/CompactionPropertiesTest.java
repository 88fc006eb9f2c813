package io.github.dl4jpruning.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.graph.PruningGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.deeplearning4j.nn.api.Model;
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
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * For random small networks (chains, residual adds, concatenations, BN after a convolution, transparent layers in
 * between; ComputationGraph and MultiLayerNetwork) and any set of units pruned in any of their groups (never all of
 * a group), the compacted network computes what the masked one computes, is no larger, empties no layer and leaves
 * the original untouched.
 */
class CompactionPropertiesTest {

    private static final InputType IMAGE = InputType.convolutional(6, 6, 2);

    @Property(tries = 10)
    void compactedGraphComputesTheMaskedGraph(@ForAll @IntRange(min = 1, max = 100_000) int seed) {
        Random r = new Random(seed);
        ComputationGraph net = randomGraph(r, seed);
        checkCompaction(net, IMAGE, Nd4j.rand(new long[] {5, 2, 6, 6}).subi(0.5), r);
    }

    @Property(tries = 10)
    void compactedMultiLayerNetworkComputesTheMaskedOne(@ForAll @IntRange(min = 1, max = 100_000) int seed) {
        Random r = new Random(seed);
        MultiLayerNetwork net = randomChain(r, seed);
        checkCompaction(net, InputType.feedForward(6), Nd4j.rand(5, 6).subi(0.5), r);
    }

    private static void checkCompaction(Model net, InputType type, INDArray x, Random r) {
        randomiseBatchNormStatistics(net, r);
        DependencyGraph graph = DependencyGraph.of(net, type);
        List<PruningGroup> groups = graph.prunableGroups();
        assertThat(groups).isNotEmpty();
        for (PruningGroup g : groups) {
            List<Integer> units = new ArrayList<>();
            for (int u = 0; u < g.unitCount(); u++) {
                units.add(u);
            }
            Collections.shuffle(units, r);
            int pruned = r.nextInt(g.unitCount());
            GroupMasks.prune(net, graph, g.id(), units.subList(0, pruned).stream().mapToInt(Integer::intValue).toArray());
        }
        INDArray masked = output(net, x);
        INDArray paramsBefore = net.params().dup();

        CompactionResult result = Compactor.builder().inputType(type).build().compact(net);

        Model small = result.network();
        assertThat(output(small, x).sub(masked).amaxNumber().doubleValue()).isLessThanOrEqualTo(1e-4);
        assertThat(small.numParams()).isLessThanOrEqualTo(net.numParams());
        assertThat(result.layers()).allSatisfy(l -> assertThat(l.neuronsAfter()).isPositive());
        assertThat(net.params()).as("original untouched").isEqualTo(paramsBefore);
    }

    /**
     * Inference on a copy of {@code x}: a ComputationGraph whose first layer is an ActivationLayer applies the
     * activation to the caller's input array in place (DL4J 1.0.0-M2.1), so a second network would see other inputs.
     */
    private static INDArray output(Model m, INDArray x) {
        return m instanceof MultiLayerNetwork n ? n.output(x.dup(), false)
                : ((ComputationGraph) m).output(false, x.dup())[0];
    }

    /** Non-trivial running statistics, so that slicing the wrong channel's mean or variance shows. */
    private static void randomiseBatchNormStatistics(Model net, Random r) {
        org.deeplearning4j.nn.api.Layer[] layers = net instanceof MultiLayerNetwork n ? n.getLayers()
                : ((ComputationGraph) net).getLayers();
        for (org.deeplearning4j.nn.api.Layer l : layers) {
            if (l.conf().getLayer() instanceof BatchNormalization) {
                l.paramTable().forEach((k, v) -> {
                    INDArray values = Nd4j.rand(v.dataType(), v.shape());
                    v.assign(k.equals("mean") || k.equals("beta") ? values.subi(0.5)
                            : k.equals("log10stdev") ? values.muli(0.3) : values.addi(0.5));
                });
            }
        }
    }

    /** conv blocks on 6x6x2 images: plain, conv-BN-ReLU, residual, concatenation, transparent; then a head. */
    private static ComputationGraph randomGraph(Random r, long seed) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
                .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in");
        String cur = "in";
        int channels = 2;
        int blocks = 2 + r.nextInt(3);
        for (int i = 0; i < blocks; i++) {
            String p = "b" + i + "_";
            switch (r.nextInt(5)) {
                case 0 -> {
                    channels = 2 + r.nextInt(4);
                    b.addLayer(p + "conv", conv(channels, Activation.RELU), cur);
                    cur = p + "conv";
                }
                case 1 -> {
                    channels = 2 + r.nextInt(4);
                    b.addLayer(p + "conv", conv(channels, Activation.IDENTITY), cur)
                            .addLayer(p + "bn", new BatchNormalization.Builder().build(), p + "conv")
                            .addLayer(p + "relu", relu(), p + "bn");
                    cur = p + "relu";
                }
                case 2 -> {
                    int inner = 2 + r.nextInt(4);
                    b.addLayer(p + "a", conv(inner, Activation.IDENTITY), cur)
                            .addLayer(p + "a_bn", new BatchNormalization.Builder().build(), p + "a")
                            .addLayer(p + "a_relu", relu(), p + "a_bn")
                            .addLayer(p + "b", conv(channels, Activation.IDENTITY), p + "a_relu")
                            .addLayer(p + "b_bn", new BatchNormalization.Builder().build(), p + "b")
                            .addVertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "b_bn", cur)
                            .addLayer(p + "relu", relu(), p + "add");
                    cur = p + "relu";
                }
                case 3 -> {
                    int left = 2 + r.nextInt(3);
                    int right = 2 + r.nextInt(3);
                    b.addLayer(p + "left", conv(left, Activation.RELU), cur)
                            .addLayer(p + "right", conv(right, Activation.TANH), cur)
                            .addVertex(p + "cat", new MergeVertex(), p + "left", p + "right");
                    channels = left + right;
                    cur = p + "cat";
                }
                default -> {
                    Layer t = switch (r.nextInt(3)) {
                        case 0 -> new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                                .stride(1, 1).build();
                        case 1 -> new DropoutLayer.Builder(0.5).build();
                        default -> new ActivationLayer.Builder().activation(Activation.TANH).build();
                    };
                    b.addLayer(p + "pass", t, cur);
                    cur = p + "pass";
                }
            }
        }
        // Global pooling, not a flatten: DependencyGraph.of fails on a graph whose dense layer has the
        // CnnToFeedForwardPreProcessor that setInputTypes adds (ComputationGraphConfiguration.getLayerActivationTypes
        // checks the layer against the type before the preprocessor); the flatten is covered on MultiLayerNetworks.
        b.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), cur);
        cur = "gap";
        b.addLayer("dense", new DenseLayer.Builder().nOut(4).activation(Activation.RELU).build(), cur)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out").setInputTypes(IMAGE);
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        return g;
    }

    /** Dense layers, BN, activation and dropout layers in a random order, then the output layer. */
    private static MultiLayerNetwork randomChain(Random r, long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).list();
        int layers = 2 + r.nextInt(4);
        b.layer(new DenseLayer.Builder().nOut(2 + r.nextInt(5)).activation(Activation.TANH).build());
        for (int i = 1; i < layers; i++) {
            switch (r.nextInt(4)) {
                case 0 -> b.layer(new BatchNormalization.Builder().build());
                case 1 -> b.layer(new DropoutLayer.Builder(0.5).build());
                case 2 -> b.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
                default -> b.layer(new DenseLayer.Builder().nOut(2 + r.nextInt(5)).activation(Activation.RELU)
                        .build());
            }
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                .build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(InputType.feedForward(6)).build());
        net.init();
        return net;
    }

    private static ConvolutionLayer conv(int filters, Activation activation) {
        return new ConvolutionLayer.Builder(3, 3).nOut(filters).activation(activation).build();
    }

    private static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }
}
