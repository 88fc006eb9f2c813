package io.github.dl4jpruning.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ActivationStatsTest {

    static final double[][] W = {{1.0, -1.0}, {0.5, 2.0}, {-2.0, 0.25}};
    static final double[][] X = {
            {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1},
            {2, 0, 1}, {0, 0, 0}, {0.5, 0.5, 0}, {1, 0, 2}};

    /** 3-2 ReLU hidden layer with known weights and zero bias, then a 2-2 identity output; SGD with rate 0 keeps the weights (NoOp would apply the raw gradient). */
    static MultiLayerNetwork knownNet() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.0))
                .dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        net.setParam("0_W", Nd4j.create(W));
        net.setParam("0_b", Nd4j.zeros(DataType.DOUBLE, 1, 2));
        return net;
    }

    static DataSetIterator knownData(int batch) {
        INDArray x = Nd4j.create(X);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, X.length, 2);
        return new ViewIterator(new DataSet(x, y), batch);
    }

    /** Hidden activations relu(x W), by hand. */
    static double[][] hidden() {
        double[][] a = new double[X.length][2];
        for (int r = 0; r < X.length; r++) {
            for (int o = 0; o < 2; o++) {
                double s = 0;
                for (int i = 0; i < 3; i++) {
                    s += X[r][i] * W[i][o];
                }
                a[r][o] = Math.max(0, s);
            }
        }
        return a;
    }

    static void assertMatchesByHand(NeuronStats s, double[][] a, double eps) {
        int n = a[0].length;
        double[] p = new double[n];
        double[] mean = new double[n];
        double[] rms = new double[n];
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                p[j] += Math.abs(row[j]) > eps ? 1 : 0;
                mean[j] += Math.abs(row[j]);
                rms[j] += row[j] * row[j];
            }
        }
        for (int j = 0; j < n; j++) {
            p[j] /= a.length;
            mean[j] /= a.length;
            rms[j] = Math.sqrt(rms[j] / a.length);
        }
        assertThat(s.samples()).isEqualTo(a.length);
        assertThat(s.firingProbability()).containsExactly(p, within(1e-9));
        assertThat(s.meanAbs()).containsExactly(mean, within(1e-9));
        assertThat(s.rms()).containsExactly(rms, within(1e-9));
    }

    @Test
    void listenerDuringFitMatchesHandComputedStatisticsPerNeuron() {
        MultiLayerNetwork net = knownNet();
        ActivationStatsListener listener = ActivationStatsListener.builder().build();
        net.addListeners(listener);
        net.fit(knownData(2));

        double[][] a = hidden();
        // By hand: neuron 0 = relu(x0 + 0.5 x1 - 2 x2), neuron 1 = relu(-x0 + 2 x1 + 0.25 x2)
        assertThat(a[3]).containsExactly(0.0, 1.25);
        assertMatchesByHand(listener.stats().get("0"), a, 0);
        assertMatchesByHand(listener.stats().get("input"), X, 0);
        assertThat(listener.stats().get("input").firingProbability()).containsExactly(
                new double[] {5.0 / 8, 3.0 / 8, 4.0 / 8}, within(1e-12));
    }

    @Test
    void calibrationMatchesHandComputedStatisticsAndCountsBatches() {
        MultiLayerNetwork net = knownNet();
        ActivationStats stats = Calibration.run(net, knownData(2), 100, 0);
        assertMatchesByHand(stats.get("0"), hidden(), 0);

        ActivationStats two = Calibration.run(net, knownData(2), 2, 0);
        assertThat(two.get("0").samples()).as("at most 2 batches of 2").isEqualTo(4);
        assertThatThrownBy(() -> Calibration.run(net, knownData(2), 0, 0)).hasMessageContaining("0");
    }

    @Test
    void epsilonRaisesTheFiringThreshold() {
        MultiLayerNetwork net = knownNet();
        ActivationStats stats = Calibration.run(net, knownData(4), 10, 0.6);
        assertThat(stats.epsilon()).isEqualTo(0.6);
        assertMatchesByHand(stats.get("0"), hidden(), 0.6);
        // Input feature 0 takes values 1, 1, 2, 0.5, 1: four of them exceed 0.6.
        assertThat(stats.get("input").firingProbability()[0]).isCloseTo(4.0 / 8, within(1e-12));
        assertThatThrownBy(() -> new ActivationStats(-0.1)).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> ActivationStatsListener.builder().epsilon(Double.NaN)).hasMessageContaining("NaN");
    }

    @Test
    void sampleEveryKSamplesEveryKthBatch() {
        MultiLayerNetwork net = TinyNets.mlp(new Sgd(0.0), 1);
        ActivationStatsListener listener = ActivationStatsListener.builder().sampleEvery(3).build();
        net.addListeners(listener);
        net.fit(TinyNets.data(40, 4, 1)); // 10 batches: 0, 3, 6, 9 are sampled
        assertThat(listener.stats().get("0").samples()).isEqualTo(4 * 4);
        assertThat(listener.stats().get("input").samples()).isEqualTo(4 * 4);
        assertThatThrownBy(() -> ActivationStatsListener.builder().sampleEvery(0)).hasMessageContaining("0");
    }

    @Test
    void resetForgetsEverythingAndRestartsSampling() {
        MultiLayerNetwork net = TinyNets.mlp(new Sgd(0.0), 1);
        ActivationStatsListener listener = ActivationStatsListener.builder().sampleEvery(2).build();
        net.addListeners(listener);
        net.fit(TinyNets.data(12, 4, 1)); // 3 batches: 0 and 2 sampled
        assertThat(listener.stats().get("0").samples()).isEqualTo(8);
        listener.reset();
        assertThat(listener.stats().isEmpty()).isTrue();
        assertThat(listener.stats().all()).isEmpty();
        net.fit(TinyNets.data(4, 4, 1)); // 1 batch, the first after reset: sampled
        assertThat(listener.stats().get("0").samples()).isEqualTo(4);
    }

    @Test
    void multiLayerNetworkKeysAreInputAndLayerIndices() {
        MultiLayerNetwork net = TinyNets.mlp(new Sgd(0.0), 1);
        ActivationStatsListener listener = ActivationStatsListener.builder().build();
        net.addListeners(listener);
        net.fit(TinyNets.data(8, 4, 1));
        assertThat(listener.stats().all()).containsKeys("input", "0");
        assertThat(listener.stats().get("input").shape()).containsExactly(8);
        assertThat(listener.stats().get("0").shape()).containsExactly(16);
        NetworkAdapter adapter = NetworkAdapter.of(net);
        assertThat(listener.stats().inputOf(adapter.layers().get(0)).size()).isEqualTo(8);
        assertThat(listener.stats().inputOf(adapter.layers().get(1)).size()).isEqualTo(16);
        // TinyNets.data: features 6 and 7 are always zero
        double[] p = listener.stats().get("input").firingProbability();
        assertThat(p[6]).isZero();
        assertThat(p[7]).isZero();
    }

    @Test
    void computationGraphKeysAreVertexNames() {
        ComputationGraph graph = TinyNets.graph(1);
        ActivationStatsListener listener = ActivationStatsListener.builder().build();
        graph.addListeners(listener);
        graph.fit(TinyNets.data(8, 4, 1));
        assertThat(listener.stats().all()).containsKeys("in", "dense");
        assertThat(listener.stats().get("dense").samples()).isEqualTo(8);
        assertThat(listener.stats().get("dense").size()).isEqualTo(16);
        NetworkAdapter adapter = NetworkAdapter.of(graph);
        assertThat(adapter.layers()).extracting(l -> l.inputKey()).containsExactly("in", "dense");
        assertThat(listener.stats().inputOf(adapter.layer("out").orElseThrow()).size()).isEqualTo(16);

        ActivationStats calibrated = Calibration.run(graph, TinyNets.data(8, 4, 1), 10, 0);
        assertThat(calibrated.all()).containsKeys("in", "dense");
    }

    @Test
    void fourDimensionalActivationsAreFoldedPerChannel() {
        ActivationStats stats = new ActivationStats(0);
        // [mb=2, C=2, H=1, W=2]: channel 0 positions (1, 0) and (0, 0); channel 1 positions (-2, 3) and (4, 0)
        INDArray a = Nd4j.create(new double[] {1, 0, -2, 3, 0, 0, 4, 0}, new long[] {2, 2, 1, 2}, 'c');
        stats.record("c", a);
        NeuronStats s = stats.get("c");
        assertThat(s.shape()).containsExactly(2, 1, 2);
        assertThat(s.size()).isEqualTo(4);
        NeuronStats ch = s.perChannel();
        assertThat(ch.size()).isEqualTo(2);
        // channel 0: 1 of 4 values fires; channel 1: 3 of 4
        assertThat(ch.firingProbability()).containsExactly(new double[] {0.25, 0.75}, within(1e-12));
        assertThat(ch.meanAbs()).containsExactly(new double[] {0.25, 9.0 / 4}, within(1e-12));
        // per-channel rms: mean over positions of the per-position mean square, square-rooted
        assertThat(ch.rms()).containsExactly(new double[] {Math.sqrt(1.0 / 4), Math.sqrt((4 + 16 + 9) / 4.0)},
                within(1e-12));
        NeuronStats flat = new NeuronStats(new long[] {3});
        assertThat(flat.perChannel()).isSameAs(flat);
    }

    @Test
    void convolutionActivationsFromCalibrationFoldToFiltersAndMatchPlainJava() {
        MultiLayerNetwork cnn = TinyNets.cnn(2);
        DataSetIterator images = TinyNets.images(6, 3, 5);
        ActivationStats stats = Calibration.run(cnn, images, 10, 0);
        assertThat(stats.get("0").shape()).containsExactly(4, 6, 6);
        NeuronStats perChannel = stats.get("0").perChannel();
        double[] expected = new double[4];
        images.reset();
        int n = 0;
        while (images.hasNext()) {
            INDArray x = images.next().getFeatures();
            List<INDArray> acts = cnn.feedForward(x, false);
            INDArray conv = acts.get(1);
            for (int e = 0; e < conv.size(0); e++) {
                for (int c = 0; c < 4; c++) {
                    for (int h = 0; h < 6; h++) {
                        for (int w = 0; w < 6; w++) {
                            expected[c] += conv.getDouble(e, c, h, w) != 0 ? 1 : 0;
                        }
                    }
                }
                n++;
            }
        }
        for (int c = 0; c < 4; c++) {
            expected[c] /= n * 36.0;
        }
        assertThat(perChannel.firingProbability()).containsExactly(expected, within(1e-9));
    }

    @Test
    void nonFiniteActivationsAreRejected() {
        ActivationStats stats = new ActivationStats(0);
        assertThatThrownBy(() -> stats.record("x", Nd4j.create(new double[][] {{1, Double.NaN}})))
                .hasMessageContaining("NaN");
    }

    @Test
    void aRejectedMinibatchLeavesTheStatisticsAsTheyWere() {
        NeuronStats stats = new NeuronStats(new long[] {3});
        stats.add(2, new double[] {1, 2, 0}, new double[] {0.5, 3, 0}, new double[] {0.25, 5, 0});

        // Neuron 0 and 1 are finite, neuron 2 is not: nothing of this minibatch may be added.
        assertThatThrownBy(() -> stats.add(2, new double[] {2, 2, 2}, new double[] {1, 1, Double.NaN},
                new double[] {1, 1, 1})).hasMessageContaining("neuron 2").hasMessageContaining("NaN");

        assertThat(stats.samples()).isEqualTo(2);
        assertThat(stats.firingProbability()).containsExactly(new double[] {0.5, 1, 0}, within(1e-12));
        assertThat(stats.meanAbs()).containsExactly(new double[] {0.25, 1.5, 0}, within(1e-12));
    }
}
