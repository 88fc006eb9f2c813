package io.github.dl4jpruning.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.mask.MaskVerification;
import io.github.dl4jpruning.persist.PrunedModelSerializer;
import io.github.dl4jpruning.persist.RestoredModel;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.schedule.PruningSchedule;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/** A Spark-pruned model saves as the usual zip, loads on one machine, and its schedule resumes on Spark or locally. */
class SparkPersistenceTest {

    private static JavaSparkContext sc;
    private static List<DataSet> data;
    private static JavaRDD<DataSet> train;

    /** Two steps, at the ends of epochs 0 and 1, to 40% and then 64% sparsity. */
    private static final PruningSchedule SCHEDULE = PruningSchedule.iterative(0, 1, 2, 0.64);
    private static final PruningConfig CONFIG = PruningConfig.builder().criterion(Criteria.energyAware()).build();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sc = SparkFixture.context("local[2]", "SparkPersistenceTest");
        data = SparkFixture.randomData(32, 12, 3, 11);
        train = SparkFixture.rdd(sc, data);
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    private File prunedOnceAndSaved() throws Exception {
        SparkPruning pruning = SparkPruning.builder(CONFIG).schedule(SCHEDULE)
                .build(sc, SparkMaskHoldingTest.net(new Adam(0.01)), SparkFixture.master(RDDTrainingApproach.Export));
        pruning.fit(train);
        assertThat(pruning.history()).hasSize(1);
        File file = dir.resolve("spark-pruned.zip").toFile();
        pruning.save(file, false);
        return file;
    }

    @Test
    void aModelPrunedOnSparkLoadsInTheSingleMachineApiWithMasksStatisticsAndProgress() throws Exception {
        File file = prunedOnceAndSaved();

        RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(file, true, true);

        assertThat(r.state().hasMasks()).isTrue();
        assertThat(r.state().masks().weightSparsity()).isGreaterThanOrEqualTo(0.4);
        assertThat(MaskVerification.of(r.network(), r.state().masks()).ok()).isTrue();
        assertThat(r.state().epochCount()).isEqualTo(1);
        assertThat(r.state().history()).hasSize(1);
        assertThat(r.state().history().get(0).epoch()).isZero();
        assertThat(r.state().statistics().get("0").samples()).isEqualTo(256);
    }

    @Test
    void theScheduleResumesOnSparkAfterRestore() throws Exception {
        File file = prunedOnceAndSaved();
        RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(file);

        SparkPruning resumed = SparkPruning.builder(CONFIG).schedule(SCHEDULE)
                .resume(sc, r, SparkFixture.master(RDDTrainingApproach.Export));
        assertThat(resumed.masks().weightSparsity()).isEqualTo(r.state().masks().weightSparsity());
        resumed.fit(train);   // epoch 1: the schedule's second step

        assertThat(resumed.history()).hasSize(2);
        assertThat(resumed.history().get(1).epoch()).isEqualTo(1);
        assertThat(resumed.masks().weightSparsity()).isGreaterThanOrEqualTo(0.64);
        assertThat(resumed.masks().contains(r.state().masks())).isTrue();
        assertThat(resumed.resurrectedWeights()).isZero();
        assertThat(resumed.statistics().get("0").samples()).isEqualTo(512);   // saved epoch 0 plus epoch 1
    }

    @Test
    void theScheduleResumesOnOneMachineAfterRestore() throws Exception {
        File file = prunedOnceAndSaved();
        RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(file);
        EnergyPruningCallback callback = r.resume(EnergyPruningCallback.builder(CONFIG).collectStatistics(1)
                .schedule(SCHEDULE).build());
        r.network().addListeners(callback);

        r.network().fit(new ListDataSetIterator<>(DataSet.merge(data).asList(), 16));

        assertThat(callback.history()).hasSize(2);
        assertThat(callback.history().get(1).epoch()).isEqualTo(1);
        assertThat(callback.sparsity()).isGreaterThanOrEqualTo(0.64);
        assertThat(callback.verify(r.network()).ok()).isTrue();
    }
}
