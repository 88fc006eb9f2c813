package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.constraint.UnitNormConstraint;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The claim the callback's write policy rests on ({@link MaskedUpdates}), checked on real networks for every DL4J
 * updater and regularization: once a pruned weight is {@code +0.0} and its updater state zeroed, DL4J's update with
 * the masked gradient leaves it exactly {@code +0.0} (bit pattern) every iteration, seen by a listener that runs
 * before the callback, while the callback writes the parameters once (the iteration after the masks changed). With a
 * custom updater or regularization it writes them after every iteration, and a parameter overwritten between
 * minibatches (no epoch event) is found by the spot check.
 */
class MaskedUpdatesTest {

    static final int ITERATIONS = 12;

    static Stream<Arguments> updatersAndRegularizations() {
        List<IUpdater> updaters = List.of(new Sgd(0.1), new Nesterovs(0.05, 0.9), new Adam(1e-2), new AdaMax(1e-2),
                new Nadam(1e-2), new AMSGrad(1e-2), new RmsProp(1e-2), new AdaGrad(0.1), new AdaDelta(), new NoOp());
        List<Arguments> out = new ArrayList<>();
        for (IUpdater u : updaters) {
            for (String reg : new String[] {"none", "L1", "L2", "WeightDecay"}) {
                out.add(Arguments.of(u.getClass().getSimpleName(), u, reg));
            }
        }
        return out.stream();
    }

    private static MultiLayerNetwork mlp(IUpdater updater, String regularization, GradientNormalization norm) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(3).updater(updater)
                .weightInit(WeightInit.XAVIER).gradientNormalization(norm);
        switch (regularization) {
            case "L1" -> b.l1(1e-2);
            case "L2" -> b.l2(1e-2);
            case "WeightDecay" -> b.weightDecay(1e-2);
            case "custom" -> b.regularization(List.of(new CustomL2(1e-2)));
            default -> { }
        }
        MultiLayerNetwork net = new MultiLayerNetwork(b.list()
                .layer(new DenseLayer.Builder().nIn(8).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    /** A network trained one epoch (its updater state non-zero), then half its weights pruned by the callback. */
    private static EnergyPruningCallback prunedAfterAnEpoch(MultiLayerNetwork net) {
        net.fit(TinyNets.data(64, 16, 1));
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(Criteria.magnitude()).build()).build();
        pruning.pruneNow(net, 0.5);
        return pruning;
    }

    @ParameterizedTest(name = "{0} + {2}")
    @MethodSource("updatersAndRegularizations")
    void aPrunedWeightStaysPlusZeroThroughTheUpdateAlone(String name, IUpdater updater, String regularization) {
        MultiLayerNetwork net = mlp(updater, regularization, GradientNormalization.None);
        EnergyPruningCallback pruning = prunedAfterAnEpoch(net);
        assertThat(MaskedUpdates.uncovered(net, pruning.masks())).isNull();
        Probe before = new Probe(pruning.masks());
        net.setListeners(before, pruning);

        fitMinibatches(net, ITERATIONS);

        assertThat(before.iterations).isEqualTo(ITERATIONS);
        assertThat(before.notPlusZero).as("pruned weights not +0.0 after an update, before the callback ran")
                .isZero();
        assertThat(pruning.iterationWrites()).as("iterations after which the callback wrote the parameters")
                .isEqualTo(1);
    }

    @Test
    void everyGradientNormalizationKeepsAPrunedWeightAtPlusZero() {
        for (GradientNormalization norm : GradientNormalization.values()) {
            MultiLayerNetwork net = mlp(new Adam(1e-2), "L2", norm);
            EnergyPruningCallback pruning = prunedAfterAnEpoch(net);
            Probe before = new Probe(pruning.masks());
            net.setListeners(before, pruning);

            fitMinibatches(net, ITERATIONS);

            assertThat(before.notPlusZero).as("%s: pruned weights not +0.0 before the callback ran", norm).isZero();
            assertThat(pruning.iterationWrites()).as("%s", norm).isEqualTo(1);
        }
    }

    @Test
    void aComputationGraphAndAConvolutionNetAreCoveredToo() {
        ComputationGraph graph = TinyNets.graph(5);
        MultiLayerNetwork cnn = TinyNets.cnn(5);
        for (Model model : List.of(graph, cnn)) {
            boolean isGraph = model instanceof ComputationGraph;
            if (isGraph) {
                graph.fit(TinyNets.data(64, 16, 1));
            } else {
                cnn.fit(TinyNets.images(32, 16, 1));
            }
            EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                    .criterion(Criteria.magnitude()).build()).build();
            pruning.pruneNow(model, 0.5);
            assertThat(MaskedUpdates.uncovered(model, pruning.masks())).isNull();
            if (isGraph) {
                graph.setListeners(pruning);
                DataSetIterator data = TinyNets.data(16 * ITERATIONS, 16, 2);
                while (data.hasNext()) {
                    graph.fit(data.next());
                }
            } else {
                cnn.setListeners(pruning);
                DataSetIterator data = TinyNets.images(16 * ITERATIONS, 16, 2);
                while (data.hasNext()) {
                    cnn.fit(data.next());
                }
            }

            assertThat(pruning.iterationWrites()).as(model.getClass().getSimpleName()).isEqualTo(1);
            assertThat(pruning.verify(model).ok()).isTrue();
        }
    }

    @Test
    void aUnitNormConstraintIsNotCoveredButMaxNormIs() {
        for (boolean unitNorm : new boolean[] {true, false}) {
            MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                    .updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER)
                    .constrainWeights(unitNorm ? new UnitNormConstraint() : new MaxNormConstraint(2.0, 1)).list()
                    .layer(new DenseLayer.Builder().nIn(8).nOut(16).activation(Activation.RELU).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
                            .activation(Activation.SOFTMAX).build())
                    .build());
            net.init();
            EnergyPruningCallback pruning = prunedAfterAnEpoch(net);
            String reason = MaskedUpdates.uncovered(net, pruning.masks());
            if (unitNorm) {
                assertThat(reason).contains("constraint", UnitNormConstraint.class.getName());
            } else {
                assertThat(reason).isNull();
            }
        }
    }

    @Test
    void anUpdaterReplacedOnTheBoundNetworkIsCheckedAgainAtTheNextEpoch() {
        MultiLayerNetwork net = mlp(new Sgd(0.1), "none", GradientNormalization.None);
        EnergyPruningCallback pruning = prunedAfterAnEpoch(net);
        net.setListeners(pruning);
        net.fit(TinyNets.data(16 * ITERATIONS, 16, 2));
        long provenWrites = pruning.iterationWrites();
        assertThat(provenWrites).as("Sgd: one write after the masks changed, then spot checks").isEqualTo(1);

        ((BaseLayer) net.getLayerWiseConfigurations().getConf(0).getLayer()).setIUpdater(new CustomSgd());
        net.fit(TinyNets.data(16 * ITERATIONS, 16, 2));

        assertThat(pruning.iterationWrites() - provenWrites).as("a write after every iteration of the next epoch")
                .isEqualTo(ITERATIONS);
        assertThat(notPlusZero(net, pruning.masks())).isZero();
    }

    @Test
    void aCustomUpdaterOrRegularizationKeepsTheWriteAfterEveryIteration() {
        MultiLayerNetwork customUpdater = mlp(new CustomSgd(), "none", GradientNormalization.None);
        MultiLayerNetwork customRegularization = mlp(new Sgd(0.1), "custom", GradientNormalization.None);
        String[][] expected = {{"updater", CustomSgd.class.getName()}, {"regularization", CustomL2.class.getName()}};
        int k = 0;
        for (MultiLayerNetwork net : List.of(customUpdater, customRegularization)) {
            EnergyPruningCallback pruning = prunedAfterAnEpoch(net);
            assertThat(MaskedUpdates.uncovered(net, pruning.masks())).contains(expected[k++]);
            net.setListeners(pruning);

            fitMinibatches(net, ITERATIONS);

            assertThat(pruning.iterationWrites()).isEqualTo(ITERATIONS);
            assertThat(notPlusZero(net, pruning.masks())).isZero();
        }
    }

    @Test
    void parametersOverwrittenBetweenMinibatchesAreFoundWithoutAnEpochEvent() {
        MultiLayerNetwork net = mlp(new Adam(1e-2), "none", GradientNormalization.None);
        EnergyPruningCallback pruning = prunedAfterAnEpoch(net);
        net.setListeners(pruning);
        fitMinibatches(net, 3);
        long writes = pruning.iterationWrites();

        net.setParams(Nd4j.rand(net.params().dataType(), net.params().shape()).addi(0.5));
        fitMinibatches(net, 1);

        assertThat(pruning.iterationWrites()).isEqualTo(writes + 1);
        PruneMasks masks = pruning.masks();
        assertThat(notPlusZero(net, masks)).isZero();
    }

    @Test
    void updaterStateSetFromOutsideIsZeroedOnceTheSpotCheckFindsAMovedWeight() {
        MultiLayerNetwork net = mlp(new Adam(1e-2), "none", GradientNormalization.None);
        EnergyPruningCallback pruning = prunedAfterAnEpoch(net);
        net.setListeners(pruning);
        fitMinibatches(net, 2);
        // Momentum for every entry, pruned ones included, as a restored or hand-set updater state could hold.
        net.getUpdater().getStateViewArray().assign(0.01);

        fitMinibatches(net, 4);

        PruneMasks masks = pruning.masks();
        assertThat(notPlusZero(net, masks)).isZero();
        INDArray state = net.getUpdater().getStateViewArray();
        float[] before = state.toFloatVector();
        io.github.dl4jpruning.mask.MaskEnforcer.zeroUpdaterState(io.github.dl4jpruning.network.NetworkAdapter.of(net),
                masks);
        assertThat(state.toFloatVector()).as("updater state of pruned entries already zero").isEqualTo(before);
    }

    @Test
    void aGradientThatIsACopyIsNotCovered() {
        MultiLayerNetwork net = mlp(new Adam(1e-2), "none", GradientNormalization.None);
        PruneMasks masks = prunedAfterAnEpoch(net).masks();
        DataSet batch = TinyNets.data(16, 16, 4).next();
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        Gradient real = net.gradient();
        Gradient copy = new DefaultGradient();
        real.gradientForVariable().forEach((k, v) -> copy.setGradientFor(k, v.dup()));

        assertThat(MaskedUpdates.gradientNotShared(real, net.getGradientsViewArray(), masks)).isNull();
        assertThat(MaskedUpdates.gradientNotShared(copy, net.getGradientsViewArray(), masks)).contains("a copy");
    }

    private static void fitMinibatches(MultiLayerNetwork net, int n) {
        DataSetIterator data = TinyNets.data(16 * n, 16, 2);
        while (data.hasNext()) {
            net.fit(data.next());
        }
    }

    /** Pruned weights whose bit pattern is not {@code +0.0}. */
    static long notPlusZero(MultiLayerNetwork net, PruneMasks masks) {
        long bad = 0;
        for (String key : masks.keys()) {
            INDArray w = Nd4j.toFlattened('c', net.getParam(key));
            BitSet pruned = masks.pruned(key);
            for (int i = pruned.nextSetBit(0); i >= 0; i = pruned.nextSetBit(i + 1)) {
                bad += Float.floatToRawIntBits(w.getFloat(i)) != 0 ? 1 : 0;
            }
        }
        return bad;
    }

    /** Counts, after each update and before the callback, the pruned weights that are not {@code +0.0}. */
    private static final class Probe extends BaseTrainingListener {
        private final PruneMasks masks;
        long notPlusZero;
        int iterations;

        Probe(PruneMasks masks) {
            this.masks = masks;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            iterations++;
            notPlusZero += MaskedUpdatesTest.notPlusZero((MultiLayerNetwork) model, masks);
        }
    }

    /** An updater DL4J does not ship (a subclass may change the update: not on the proven list). */
    public static final class CustomSgd extends Sgd {
        public CustomSgd() {
            super(0.1);
        }

        @Override
        public Sgd clone() {
            // DL4J clones the global updater into each layer: without this the layers would hold a plain Sgd.
            return new CustomSgd();
        }
    }

    /** A regularization DL4J does not ship. */
    public static final class CustomL2 extends L2Regularization {
        public CustomL2(double l2) {
            super(l2);
        }

        @Override
        public L2Regularization clone() {
            return new CustomL2(getL2().valueAt(0, 0));
        }
    }
}
