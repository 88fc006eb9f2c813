package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.testutil.TinyNets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Each bad input fails with a message naming the value, and leaves the network exactly as it was. */
class BadInputTest {

    static double[] params(Model net) {
        return net.params().dup().toDoubleVector();
    }

    static void assertFailsUnchanged(Model net, ThrowingCallable call, String... messageParts) {
        double[] before = params(net);
        var a = assertThatThrownBy(call);
        for (String part : messageParts) {
            a.hasMessageContaining(part);
        }
        assertThat(params(net)).as("parameters unchanged").containsExactly(before);
    }

    static EnergyPruningCallback magnitudeCallback() {
        return EnergyPruningCallback.builder().schedule(PruningSchedule.oneShot(99, 0.5)).build();
    }

    @Test
    void sparsityOutsideZeroToOneIsRejected() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        EnergyPruningCallback cb = magnitudeCallback();
        assertFailsUnchanged(net, () -> cb.pruneNow(net, 1.5), "1.5");
        assertFailsUnchanged(net, () -> cb.pruneNow(net, -0.1), "-0.1");
        assertThat(cb.history()).isEmpty();
    }

    @Test
    void energyTargetsOfZeroAndOneAreRejected() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        EnergyPruningCallback cb = EnergyPruningCallback.builder(PruningConfig.builder().targetKind(Target.Kind.ENERGY).build())
                .schedule(PruningSchedule.oneShot(99, 0.5)).build();
        assertFailsUnchanged(net, () -> cb.pruneNow(net, 0), "energy", "0.0");
        assertFailsUnchanged(net, () -> cb.pruneNow(net, 1), "energy", "1.0");
        assertThatThrownBy(() -> EnergyPruningCallback.builder(PruningConfig.builder().targetKind(Target.Kind.ENERGY).build())
                .schedule(PruningSchedule.oneShot(0, 0.0)).build()).hasMessageContaining("0.0");
    }

    @Test
    void unknownLayerNameOrIndexIsRejectedWithThePrunableLayers() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        NetworkAdapter adapter = NetworkAdapter.of(net);
        assertFailsUnchanged(net, () -> new Pruner(PruningConfig.builder().layers(5).build())
                .prune(adapter, new PruneMasks(), Signals.none(), Target.sparsity(0.5)), "'5'", "[0, 1]");
        assertFailsUnchanged(net, () -> new Pruner(PruningConfig.builder().layers("dense").build())
                .prune(adapter, new PruneMasks(), Signals.none(), Target.sparsity(0.5)), "'dense'");
        assertFailsUnchanged(net, () -> new Pruner(PruningConfig.builder().excludeLayers("7").build())
                .prune(adapter, new PruneMasks(), Signals.none(), Target.sparsity(0.5)), "'7'");
        assertThatThrownBy(() -> PruningConfig.builder().layers(-1)).hasMessageContaining("-1");
        var graph = TinyNets.graph(1);
        assertFailsUnchanged(graph, () -> EnergyPruningCallback.builder(PruningConfig.builder().layers("dense2").build())
                .schedule(PruningSchedule.oneShot(99, 0.5)).build().pruneNow(graph, 0.5), "'dense2'", "dense", "out");
    }

    @Test
    void unknownLayerNameFailsWhenFitStartsBeforeAnyWeightChanges() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        net.addListeners(EnergyPruningCallback.builder(PruningConfig.builder().layers("hidden").build())
                .schedule(PruningSchedule.oneShot(0, 0.5)).build());
        assertFailsUnchanged(net, () -> net.fit(TinyNets.data(64, 32, 1), 1), "'hidden'", "[0, 1]");
    }

    @Test
    void namingABatchNormalizationLayerListsTheSupportedLayers() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(8).nOut(16).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().nOut(16).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        assertFailsUnchanged(net, () -> EnergyPruningCallback.builder(PruningConfig.builder().layers(1).build())
                        .schedule(PruningSchedule.oneShot(99, 0.5)).build().pruneNow(net, 0.5),
                "'1'", "BatchNormalization", "DenseLayer", "OutputLayer", "ConvolutionLayer");
    }

    @Test
    void namingAnUnsupportedRecurrentLayerListsTheSupportedLayers() {
        // LSTM is prunable since the dependency graph; a bidirectional one is not.
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new org.deeplearning4j.nn.conf.layers.GravesBidirectionalLSTM.Builder().nIn(4).nOut(6).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        assertFailsUnchanged(net, () -> new Pruner(PruningConfig.builder().layers(0).build())
                        .prune(NetworkAdapter.of(net), new PruneMasks(), Signals.none(), Target.sparsity(0.5)),
                "'0'", "GravesBidirectionalLSTM", "DenseLayer");
    }

    @Test
    void scheduleThatEndsBeforeItStartsIsRejected() {
        assertThatThrownBy(() -> EnergyPruningCallback.builder()
                .schedule(PruningSchedule.polynomial(4, 1, 1, 0, 0.5, 3,
                        io.github.dl4jpruning.schedule.PolynomialDecaySchedule.Unit.EPOCHS)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("begin=4").hasMessageContaining("end=1");
    }

    @Test
    void callbackWithoutScheduleNeverPrunesOnItsOwn() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        EnergyPruningCallback cb = EnergyPruningCallback.builder().build();
        net.addListeners(cb);
        net.fit(TinyNets.data(64, 32, 1), 2);
        assertThat(cb.history()).isEmpty();
        assertThat(cb.pruneNow(net, 0.5).sparsity()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void nanWeightIsRejectedAndNothingIsPruned() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        net.getParam("0_W").putScalar(3, 2, Double.NaN);
        assertFailsUnchanged(net, () -> new Pruner(PruningConfig.defaults())
                .prune(NetworkAdapter.of(net), new PruneMasks(), Signals.none(), Target.sparsity(0.5)), "0_W", "NaN");
        EnergyPruningCallback cb = magnitudeCallback();
        assertFailsUnchanged(net, () -> cb.pruneNow(net, 0.5), "0_W", "NaN");
        assertThat(cb.masks().isEmpty()).isTrue();
    }

    @Test
    void infiniteWeightInALayerThatIsNotPrunedIsStillRejected() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        net.getParam("1_W").putScalar(0, 0, Double.POSITIVE_INFINITY);
        assertFailsUnchanged(net, () -> new Pruner(PruningConfig.builder().layers(0).build())
                .prune(NetworkAdapter.of(net), new PruneMasks(), Signals.none(), Target.sparsity(0.5)), "1_W", "Infinity");
    }

    @Test
    void criteriaWithoutTheirStatisticsOrGradientsAreRejected() {
        assertThatThrownBy(() -> EnergyPruningCallback.builder(PruningConfig.builder().criterion(Criteria.activationWeighted()).build())
                .schedule(PruningSchedule.oneShot(0, 0.5)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("activation-weighted");
        assertThatThrownBy(() -> EnergyPruningCallback.builder(PruningConfig.builder().criterion(Criteria.energyAware()).build())
                .schedule(PruningSchedule.oneShot(0, 0.5)).build()).hasMessageContaining("energy-aware");

        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        assertFailsUnchanged(net, () -> new Pruner(PruningConfig.builder().criterion(Criteria.seedEnergy()).build())
                .prune(NetworkAdapter.of(net), new PruneMasks(), Signals.none(), Target.sparsity(0.5)), "seed-energy",
                "statistics");
        EnergyPruningCallback taylor = EnergyPruningCallback.builder(PruningConfig.builder().criterion(Criteria.taylor()).build())
                .schedule(PruningSchedule.oneShot(99, 0.5)).build();
        assertFailsUnchanged(net, () -> taylor.pruneNow(net, 0.5), "taylor", "fit()");
    }
}
