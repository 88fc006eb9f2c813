package io.github.dl4jpruning.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import io.github.dl4jpruning.stats.NeuronStats;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskEndReason;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Statistics gathered on the workers equal the single-machine statistics over the same examples, exactly, also when
 * Spark retries a failed task. The network's weights and inputs are multiples of 1/8 and 1/4 and SGD runs at rate 0,
 * so every activation and every sum is exact in any order: a difference would be a counting error, not rounding.
 * {@code local[2,2]}: 2 threads, each task may fail once and is retried.
 */
class SparkStatisticsTest {

    private static JavaSparkContext sc;
    private static final AtomicInteger FAILED_TASKS = new AtomicInteger();

    @BeforeAll
    static void start() {
        sc = SparkFixture.context("local[2,2]", "SparkStatisticsTest");
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                TaskEndReason reason = end.reason();
                if (!(reason instanceof Success$)) {
                    FAILED_TASKS.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    /** 6-5 ReLU then 5-3 identity (MSE), weights k/8 in [-1, 1], zero biases, SGD at rate 0 (weights never move). */
    static MultiLayerNetwork dyadicNet() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.0))
                .list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(3)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        net.setParam("0_W", Nd4j.create(dyadic(6, 5, 1)));
        net.setParam("1_W", Nd4j.create(dyadic(5, 3, 2)));
        net.setParam("0_b", Nd4j.zeros(1, 5));
        net.setParam("1_b", Nd4j.zeros(1, 3));
        return net;
    }

    private static float[][] dyadic(int rows, int cols, int salt) {
        float[][] w = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                w[r][c] = ((r * 7 + c * 3 + salt) % 17 - 8) / 8f;
            }
        }
        return w;
    }

    /** 24 objects of 8 examples, inputs k/4 in [0, 2]. */
    static List<DataSet> dyadicData() {
        List<DataSet> out = new ArrayList<>();
        int n = 0;
        for (int o = 0; o < 24; o++) {
            float[][] x = new float[SparkFixture.PER_OBJECT][6];
            float[][] y = new float[SparkFixture.PER_OBJECT][3];
            for (int i = 0; i < SparkFixture.PER_OBJECT; i++, n++) {
                for (int j = 0; j < 6; j++) {
                    x[i][j] = ((n * 5 + j * 11) % 9) / 4f;
                }
                y[i][n % 3] = 1;
            }
            out.add(new DataSet(Nd4j.create(x), Nd4j.create(y)));
        }
        return out;
    }

    /** The single-machine statistics: one epoch of fit() with an ActivationStatsListener over the same examples. */
    static ActivationStats singleMachine(List<DataSet> data) {
        MultiLayerNetwork net = dyadicNet();
        ActivationStatsListener listener = ActivationStatsListener.builder().build();
        net.addListeners(listener);
        net.fit(new ListDataSetIterator<>(DataSet.merge(data).asList(), 16));
        return listener.stats();
    }

    static SparkPruning sparkPruning() {
        return SparkPruning.builder(PruningConfig.builder().criterion(Criteria.energyAware()).build())
                .build(sc, dyadicNet(), SparkFixture.master(RDDTrainingApproach.Direct));
    }

    static void assertSameStatistics(ActivationStats spark, ActivationStats single) {
        assertThat(spark.all().keySet()).containsExactlyInAnyOrderElementsOf(single.all().keySet());
        for (String key : single.all().keySet()) {
            NeuronStats s = spark.get(key);
            NeuronStats m = single.get(key);
            assertThat(s.samples()).as("samples of %s", key).isEqualTo(m.samples());
            assertThat(s.firingProbability()).as("firing of %s", key).containsExactly(m.firingProbability());
            assertThat(s.meanAbs()).as("mean |a| of %s", key).containsExactly(m.meanAbs());
            assertThat(s.rms()).as("rms of %s", key).containsExactly(m.rms());
        }
    }

    @Test
    void workerStatisticsMergeIntoExactlyTheSingleMachineStatistics() {
        List<DataSet> data = dyadicData();
        SparkPruning pruning = sparkPruning();

        pruning.fit(SparkFixture.rdd(sc, data));

        ActivationStats single = singleMachine(data);
        assertThat(single.get("input").samples()).isEqualTo(192);
        assertSameStatistics(pruning.statistics(), single);
        // A second epoch adds to the first, as the single-machine listener accumulates across epochs.
        pruning.fit(SparkFixture.rdd(sc, data));
        assertThat(pruning.statistics().get("0").samples()).isEqualTo(384);
    }

    /** Fails the first attempt of every partition-0 task after its forward pass (so it has recorded statistics). */
    static final class FailFirstAttempt extends BaseTrainingListener implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            TaskContext task = TaskContext.get();
            if (task != null && task.partitionId() == 0 && task.attemptNumber() == 0) {
                throw new IllegalStateException("injected failure of the first attempt (test)");
            }
        }
    }

    @Test
    void aRetriedTaskCountsItsStatisticsOnce() {
        List<DataSet> data = dyadicData();
        SparkPruning pruning = sparkPruning().addListeners(new FailFirstAttempt());
        int failedBefore = FAILED_TASKS.get();

        pruning.fit(SparkFixture.rdd(sc, data));

        assertThat(FAILED_TASKS.get() - failedBefore).as("tasks that failed and were retried").isPositive();
        assertSameStatistics(pruning.statistics(), singleMachine(data));
    }
}
