package io.github.dl4jpruning.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** A real local Spark context and small data, as DL4J's own BaseSparkTest sets them up (one context per class). */
final class SparkFixture {

    /** Examples per DataSet object in the RDDs below. */
    static final int PER_OBJECT = 8;

    private SparkFixture() {
    }

    /** A fresh context on {@code master} ({@code local[2]}, or {@code local[2,2]} to retry a failed task once). */
    static JavaSparkContext context(String master, String app) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName(app)
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "localhost")
                .set("spark.default.parallelism", "2");
        return new JavaSparkContext(conf);
    }

    /**
     * Parameter averaging over 2 workers, 16 examples per minibatch, averaging every 2 minibatches, with the updater
     * state averaged and broadcast too (so the driver's zeroing of pruned entries' state is exercised).
     */
    static ParameterAveragingTrainingMaster master(RDDTrainingApproach approach) {
        return new ParameterAveragingTrainingMaster.Builder(PER_OBJECT)
                .saveUpdater(true)
                .workerPrefetchNumBatches(0)
                .batchSizePerWorker(16)
                .averagingFrequency(2)
                .rddTrainingApproach(approach)
                .rngSeed(12345)
                .build();
    }

    /** {@code objects} DataSets of {@code PER_OBJECT} random examples with one-hot labels. */
    static List<DataSet> randomData(int objects, int nIn, int nOut, long seed) {
        Random r = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int o = 0; o < objects; o++) {
            float[][] x = new float[PER_OBJECT][nIn];
            float[][] y = new float[PER_OBJECT][nOut];
            for (int i = 0; i < PER_OBJECT; i++) {
                for (int j = 0; j < nIn; j++) {
                    x[i][j] = (float) r.nextGaussian();
                }
                y[i][r.nextInt(nOut)] = 1;
            }
            out.add(new DataSet(Nd4j.create(x), Nd4j.create(y)));
        }
        return out;
    }

    static JavaRDD<DataSet> rdd(JavaSparkContext sc, List<DataSet> data) {
        return sc.parallelize(data, 2);
    }
}
