package io.github.dl4jpruning.spark;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.schedule.PolynomialDecaySchedule;
import io.github.dl4jpruning.schedule.PruningSchedule;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/** What SparkPruning refuses, with messages that say why; all before any Spark job runs. */
class SparkPruningRefusalTest {

    @Test
    void sharedTrainingMasterIsRefusedWithTheReason() {
        SharedTrainingMaster shared = new SharedTrainingMaster.Builder(VoidConfiguration.builder().build(), 8).build();
        MultiLayerNetwork net = SparkMaskHoldingTest.net(new Sgd(0.1));
        // The master is checked first, so no Spark context is needed to see the refusal.
        assertThatThrownBy(() -> SparkPruning.builder(PruningConfig.defaults()).build(null, net, shared))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(SharedTrainingMaster.class.getName())
                .hasMessageContaining("only ParameterAveragingTrainingMaster")
                .hasMessageContaining("grow back");
    }

    @Test
    void iterationSchedulesAreRefused() {
        // Its first point with a target above 0 is iteration 200.
        PruningSchedule byIterations = PruningSchedule.polynomial(100, 400, 100, 0.0, 0.8, 3,
                PolynomialDecaySchedule.Unit.ITERATIONS);
        assertThatThrownBy(() -> SparkPruning.builder(PruningConfig.defaults()).schedule(byIterations))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prunes at iteration 200")
                .hasMessageContaining("Unit.EPOCHS");
    }

    @Test
    void gradientCriteriaAreRefused() {
        assertThatThrownBy(() -> SparkPruning.builder(PruningConfig.builder().criterion(Criteria.taylor()).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gradients");
    }

    @Test
    void badSamplingAndEpsilonAreRefused() {
        assertThatThrownBy(() -> SparkPruning.builder(PruningConfig.defaults()).sampleEvery(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> SparkPruning.builder(PruningConfig.defaults()).epsilon(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
