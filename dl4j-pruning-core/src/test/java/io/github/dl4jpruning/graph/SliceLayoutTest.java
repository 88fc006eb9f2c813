package io.github.dl4jpruning.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Checks each layer type's parameter slices against what DL4J computes, not against the graph's own arithmetic: one
 * unit's slices are zeroed through {@link ParamSlice#zeroUnit} (as a group pruner writes its masks) and the real
 * network must show it. A producer's slices zeroed silence exactly that output channel; a consumer's slices zeroed make
 * the consumer ignore that channel (its output does not move when the channel does); a per-channel slice (a depthwise
 * kernel, a recurrent layer's own recurrent row) does what the graph says it does.
 */
class SliceLayoutTest {

    private static final int UNIT = 1;

    /**
     * A network and the layers to check: {@code producer} makes the group, {@code perChannel} (or -1) holds per-channel
     * slices of it, {@code moved} is the layer whose unit-{@code UNIT} bias is bumped to move the channel the
     * consumers read, {@code consumer} is the first layer reading the group.
     */
    record Case(String name, InputType type, Supplier<INDArray> input, int producer, int perChannel, int moved,
                int consumer, boolean recurrent, Layer... layers) {
        @Override
        public String toString() {
            return name;
        }

        MultiLayerNetwork net() {
            NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(7).list();
            for (Layer l : layers) {
                b.layer(l.clone());
            }
            MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(type).build());
            net.init();
            return net;
        }
    }

    static Stream<Arguments> cases() {
        Supplier<INDArray> image = () -> Nd4j.rand(new long[] {3, 2, 6, 6}).subi(0.5);
        Supplier<INDArray> sequence = () -> Nd4j.rand(new long[] {3, 3, 5}).subi(0.5);
        Supplier<INDArray> indices = () -> Nd4j.createFromArray(new float[][] {{0}, {3}, {7}});
        Supplier<INDArray> indexSequence = () -> Nd4j.createFromArray(new float[][][] {{{0, 4, 9, 2}}, {{3, 1, 1, 8}}});
        return Stream.of(
                new Case("Conv1D", InputType.recurrent(3, 5), sequence, 0, -1, 0, 1, false,
                        new Convolution1DLayer.Builder(2).nOut(4).convolutionMode(ConvolutionMode.Same)
                                .activation(Activation.TANH).build(),
                        new Convolution1DLayer.Builder(2).nOut(3).convolutionMode(ConvolutionMode.Same)
                                .activation(Activation.TANH).build(),
                        new GlobalPoolingLayer(PoolingType.AVG), out(3)),
                new Case("Deconvolution2D", InputType.convolutional(6, 6, 2), image, 0, -1, 0, 1, false,
                        new Deconvolution2D.Builder(2, 2).nOut(4).activation(Activation.TANH).build(),
                        new Deconvolution2D.Builder(3, 3).nOut(3).activation(Activation.TANH).build(),
                        new GlobalPoolingLayer(PoolingType.AVG), out(3)),
                new Case("DepthwiseConvolution2D", InputType.convolutional(6, 6, 2), image, 0, 1, 1, 2, false,
                        new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.TANH).build(),
                        new DepthwiseConvolution2D.Builder(2, 2).depthMultiplier(2).activation(Activation.TANH).build(),
                        new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.TANH).build(),
                        new GlobalPoolingLayer(PoolingType.AVG), out(3)),
                new Case("SeparableConvolution2D", InputType.convolutional(6, 6, 2), image, 0, -1, 0, 1, false,
                        new SeparableConvolution2D.Builder(2, 2).nOut(4).depthMultiplier(2)
                                .activation(Activation.TANH).build(),
                        new SeparableConvolution2D.Builder(2, 2).nOut(3).depthMultiplier(3)
                                .activation(Activation.TANH).build(),
                        new GlobalPoolingLayer(PoolingType.AVG), out(3)),
                new Case("LSTM", InputType.recurrent(3, 5), sequence, 0, 0, 0, 1, true,
                        new LSTM.Builder().nOut(4).activation(Activation.TANH).build(),
                        new LSTM.Builder().nOut(3).activation(Activation.TANH).build(), rnnOut(2)),
                new Case("GravesLSTM", InputType.recurrent(3, 5), sequence, 0, 0, 0, 1, true,
                        new GravesLSTM.Builder().nOut(4).activation(Activation.TANH).build(),
                        new GravesLSTM.Builder().nOut(3).activation(Activation.TANH).build(), rnnOut(2)),
                new Case("SimpleRnn", InputType.recurrent(3, 5), sequence, 0, 0, 0, 1, true,
                        new SimpleRnn.Builder().nOut(4).activation(Activation.TANH).build(),
                        new SimpleRnn.Builder().nOut(3).activation(Activation.TANH).build(), rnnOut(2)),
                new Case("EmbeddingLayer", InputType.feedForward(10), indices, 0, -1, 0, 1, false,
                        new EmbeddingLayer.Builder().nIn(10).nOut(4).hasBias(true).build(),
                        new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), out(2)),
                new Case("EmbeddingSequenceLayer", InputType.recurrent(10, 4), indexSequence, 0, -1, 0, 1, true,
                        new EmbeddingSequenceLayer.Builder().nIn(10).nOut(4).hasBias(true).inputLength(4).build(),
                        new LSTM.Builder().nOut(3).activation(Activation.TANH).build(), rnnOut(2)))
                .map(Arguments::of);
    }

    private static Layer out(int n) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(n).activation(Activation.SOFTMAX).build();
    }

    private static Layer rnnOut(int n) {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(n).activation(Activation.SOFTMAX)
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void zeroingAProducersSlicesSilencesExactlyThatOutputChannel(Case c) {
        MultiLayerNetwork net = c.net();
        PruningGroup g = group(net, c);
        INDArray x = c.input().get();
        zero(net, g.slices(SliceRole.PRODUCER_OUTPUT), c.producer());
        INDArray act = net.feedForward(x, false).get(c.producer() + 1);
        assertThat(channel(act, UNIT).amaxNumber().doubleValue()).as("%s channel %d", c, UNIT).isZero();
        assertThat(channel(act, 0).amaxNumber().doubleValue()).as("%s channel 0 (kept)", c).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void zeroingAConsumersSlicesMakesItIgnoreThatChannel(Case c) {
        MultiLayerNetwork net = c.net();
        PruningGroup g = group(net, c);
        INDArray x = c.input().get();
        INDArray before = net.feedForward(x, false).get(c.consumer() + 1).dup();
        MultiLayerNetwork moved = net.clone();
        bump(moved, g, c.moved());
        assertThat(diff(before, moved.feedForward(x, false).get(c.consumer() + 1)))
                .as("%s: moving channel %d moves the consumer while it still reads it", c, UNIT).isGreaterThan(1e-4);

        zero(net, g.slices(SliceRole.CONSUMER_INPUT), c.consumer());
        if (c.recurrent() && c.perChannel() >= 0) {
            // The producer reads its own units too, through its recurrent weights' row: cut that as well.
            zero(net, g.slices(SliceRole.PER_CHANNEL), c.perChannel());
        }
        INDArray cut = net.feedForward(x, false).get(c.consumer() + 1).dup();
        MultiLayerNetwork cutMoved = net.clone();
        bump(cutMoved, g, c.moved());
        assertThat(diff(cut, cutMoved.feedForward(x, false).get(c.consumer() + 1)))
                .as("%s: consumer '%d' still reads channel %d after its input slices were zeroed", c, c.consumer(),
                        UNIT).isLessThan(1e-6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void perChannelSlicesDoWhatTheGraphSays(Case c) {
        if (c.perChannel() < 0) {
            return;
        }
        MultiLayerNetwork net = c.net();
        PruningGroup g = group(net, c);
        INDArray x = c.input().get();
        List<ParamSlice> own = g.slices(SliceRole.PER_CHANNEL).stream()
                .filter(s -> s.layer().equals(String.valueOf(c.perChannel()))).toList();
        assertThat(own).as("%s per-channel slices", c).isNotEmpty();
        if (c.recurrent()) {
            // The recurrent row of unit UNIT: zeroed, the other units no longer hear it from the previous step.
            zero(net, own, c.perChannel());
            INDArray before = net.feedForward(x, false).get(c.perChannel() + 1).dup();
            MultiLayerNetwork moved = net.clone();
            bump(moved, g, c.moved());
            INDArray after = moved.feedForward(x, false).get(c.perChannel() + 1);
            for (int ch = 0; ch < g.unitCount(); ch++) {
                if (ch != UNIT) {
                    assertThat(diff(channel(before, ch), channel(after, ch))).as("%s unit %d", c, ch).isLessThan(1e-6);
                }
            }
            return;
        }
        // A depthwise kernel and bias: the channels the unit becomes are exactly zero.
        zero(net, own, c.perChannel());
        INDArray act = net.feedForward(x, false).get(c.perChannel() + 1);
        ParamSlice bias = own.stream().filter(s -> s.paramKey().equals("b")).findFirst().orElseThrow();
        for (int ch : bias.indices(UNIT)) {
            assertThat(channel(act, ch).amaxNumber().doubleValue()).as("%s channel %d", c, ch).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theLayersFlatIndexMappingsAgreeWithTheGraphsSlices(Case c) {
        MultiLayerNetwork net = c.net();
        PruningGroup g = group(net, c);
        io.github.dl4jpruning.network.NetworkAdapter adapter = io.github.dl4jpruning.network.NetworkAdapter.of(net,
                c.type());
        int checked = 0;
        for (io.github.dl4jpruning.network.PrunableLayer l : adapter.layers()) {
            for (ParamSlice s : g.slices()) {
                boolean producer = s.role() == SliceRole.PRODUCER_OUTPUT;
                boolean consumer = s.role() == SliceRole.CONSUMER_INPUT && s.span() == 1 && s.repeats() == 1;
                if (!s.fullKey().equals(l.weightKey()) || !producer && !consumer) {
                    continue;
                }
                for (int i = 0; i < s.length(); i++) {
                    int u = s.unitOf(i);
                    if (u >= 0) {
                        int mapped = producer ? l.outputIndexOf(i) : l.inputIndexOf(i);
                        assertThat(mapped).as("%s %s flat %d (%s)", c, l.weightKey(), i, s).isEqualTo(u);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).as("%s: weights checked", c).isPositive();
    }

    private static PruningGroup group(MultiLayerNetwork net, Case c) {
        DependencyGraph graph = DependencyGraph.of(net, c.type());
        PruningGroup g = graph.groupProducedBy(String.valueOf(c.producer())).orElseThrow();
        assertThat(g.prunable()).as("%s group %s: %s", c, g.id(), g.reason()).isTrue();
        return g;
    }

    /** Zeroes unit UNIT in the given slices of layer {@code layer}, as a group pruner's mask does. */
    private static void zero(MultiLayerNetwork net, List<ParamSlice> slices, int layer) {
        boolean any = false;
        for (ParamSlice s : slices) {
            if (!s.layer().equals(String.valueOf(layer)) || !s.covers(UNIT)) {
                continue;
            }
            INDArray p = net.getParam(s.fullKey());
            double[] v = Nd4j.toFlattened('c', p).toDoubleVector();
            s.zeroUnit(v, UNIT);
            p.assign(Nd4j.create(v, p.shape(), 'c').castTo(p.dataType()));
            any = true;
        }
        assertThat(any).as("slices of layer %d in %s", layer, slices).isTrue();
    }

    /** Adds 1 to every bias entry unit UNIT owns in layer {@code layer}, moving that channel's values. */
    private static void bump(MultiLayerNetwork net, PruningGroup g, int layer) {
        ParamSlice b = g.slices().stream()
                .filter(s -> s.layer().equals(String.valueOf(layer)) && s.paramKey().equals("b"))
                .findFirst().orElseThrow();
        INDArray p = net.getParam(b.fullKey());
        double[] ones = new double[b.length()];
        java.util.Arrays.fill(ones, 1);
        b.zeroUnit(ones, UNIT);
        double[] v = Nd4j.toFlattened('c', p).toDoubleVector();
        for (int i = 0; i < v.length; i++) {
            v[i] += 1 - ones[i];
        }
        p.assign(Nd4j.create(v, p.shape(), 'c').castTo(p.dataType()));
    }

    private static INDArray channel(INDArray act, int ch) {
        return act.rank() == 2 ? act.get(NDArrayIndex.all(), NDArrayIndex.point(ch))
                : act.rank() == 3 ? act.get(NDArrayIndex.all(), NDArrayIndex.point(ch), NDArrayIndex.all())
                : act.get(NDArrayIndex.all(), NDArrayIndex.point(ch), NDArrayIndex.all(), NDArrayIndex.all());
    }

    private static double diff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
