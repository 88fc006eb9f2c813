package io.github.dl4jpruning.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.pruning.PruningEvent;
import io.github.dl4jpruning.schedule.PruningSchedule;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Pruned weights stay exactly 0 through every averaging round on a real local[2] context. */
class SparkMaskHoldingTest {

    private static JavaSparkContext sc;
    private static JavaRDD<DataSet> train;

    @BeforeAll
    static void start() {
        sc = SparkFixture.context("local[2]", "SparkMaskHoldingTest");
        train = SparkFixture.rdd(sc, SparkFixture.randomData(32, 12, 3, 7));   // 256 examples: 4 rounds per epoch
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    static MultiLayerNetwork net(IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nIn(12).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    static Stream<Arguments> updaters() {
        return Stream.of(Arguments.of("SGD", new Sgd(0.1)), Arguments.of("Adam", new Adam(0.01)),
                Arguments.of("Nesterov", new Nesterovs(0.05, 0.9)));
    }

    private static SparkPruning pruning(MultiLayerNetwork net, boolean workerMasks) {
        return SparkPruning.builder(PruningConfig.builder().criterion(Criteria.energyAware()).build())
                .schedule(PruningSchedule.oneShot(0, 0.5))
                .holdMasksOnWorkers(workerMasks)
                .build(sc, net, SparkFixture.master(RDDTrainingApproach.Export));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updaters")
    void prunedWeightsAreExactlyZeroAfterEveryAveragingRound(String name, IUpdater updater) {
        MultiLayerNetwork net = net(updater);
        SparkPruning pruning = pruning(net, true);

        Optional<PruningEvent> first = pruning.fit(train);    // epoch 0: dense, pruned at its end
        assertThat(first).isPresent();
        assertThat(pruning.masks().weightSparsity()).isGreaterThanOrEqualTo(0.5);
        assertThat(pruning.verify().ok()).isTrue();
        long roundsBefore = pruning.averagingRounds();
        assertThat(roundsBefore).isPositive();

        for (int epoch = 1; epoch <= 2; epoch++) {
            assertThat(pruning.fit(train)).isEmpty();
            // Counted on the averaged parameters of every round before the driver re-applies the masks.
            assertThat(pruning.resurrectedWeights()).as("%s, epoch %d", name, epoch).isZero();
            assertThat(pruning.verify().summary()).isEqualTo("all pruned weights are exactly 0");
        }
        assertThat(pruning.averagingRounds()).isGreaterThan(roundsBefore);
        assertThat(net.getEpochCount()).isEqualTo(3);
        assertThat(pruning.history()).hasSize(1);
    }

    /** The check above can fail: without the worker listener's masks, Adam grows pruned weights back every round. */
    @Test
    void withoutWorkerMasksPrunedWeightsGrowBackInEveryRound() {
        MultiLayerNetwork net = net(new Adam(0.01));
        SparkPruning pruning = pruning(net, false);
        pruning.fit(train);
        long pruned = pruning.masks().prunedCount("0_W") + pruning.masks().prunedCount("1_W");

        pruning.fit(train);

        assertThat(pruning.resurrectedWeights()).isGreaterThan(pruned / 2);
        // The driver's re-masking still leaves the averaged network clean (belt and braces).
        assertThat(pruning.verify().ok()).isTrue();
        assertThat(List.of(pruning.history().get(0).epoch())).containsExactly(0);
    }
}
