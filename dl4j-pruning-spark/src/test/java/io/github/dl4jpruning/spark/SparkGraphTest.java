package io.github.dl4jpruning.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.schedule.PruningSchedule;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The same cycle around a SparkComputationGraph. */
class SparkGraphTest {

    private static JavaSparkContext sc;
    private static JavaRDD<DataSet> train;

    @BeforeAll
    static void start() {
        sc = SparkFixture.context("local[2]", "SparkGraphTest");
        train = SparkFixture.rdd(sc, SparkFixture.randomData(32, 12, 3, 5));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    static ComputationGraph graph() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(4)
                .updater(new Nesterovs(0.05, 0.9)).graphBuilder()
                .addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out")
                .setInputTypes(InputType.feedForward(12))
                .build());
        g.init();
        return g;
    }

    @Test
    void aComputationGraphIsPrunedOnTheDriverAndHeldOnTheWorkers() {
        ComputationGraph g = graph();
        SparkPruning pruning = SparkPruning.builder(PruningConfig.builder().criterion(Criteria.energyAware()).build())
                .schedule(PruningSchedule.oneShot(0, 0.5))
                .build(sc, g, SparkFixture.master(RDDTrainingApproach.Export));
        assertThat(pruning.sparkGraph()).isNotNull();
        assertThat(pruning.sparkNetwork()).isNull();

        assertThat(pruning.fit(train)).isPresent();
        assertThat(pruning.statistics().all().keySet()).contains("dense");
        pruning.fit(train);

        assertThat(pruning.masks().keys()).contains("dense_W", "out_W");
        assertThat(pruning.masks().weightSparsity()).isGreaterThanOrEqualTo(0.5);
        assertThat(pruning.resurrectedWeights()).isZero();
        assertThat(pruning.verify().ok()).isTrue();
        assertThat(g.getEpochCount()).isEqualTo(2);
    }

    @Test
    void aNullTrainingRddIsRefused() {
        SparkPruning pruning = SparkPruning.builder(PruningConfig.defaults())
                .build(sc, graph(), SparkFixture.master(RDDTrainingApproach.Export));
        assertThatThrownBy(() -> pruning.fit(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("training data");
    }
}
