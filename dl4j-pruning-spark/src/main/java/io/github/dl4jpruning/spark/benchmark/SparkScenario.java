package io.github.dl4jpruning.spark.benchmark;

import io.github.dl4jpruning.benchmark.data.InMemoryMnist;
import io.github.dl4jpruning.benchmark.model.MnistMlp;
import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.mask.MaskVerification;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.pruning.PruningEvent;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.spark.SparkPruning;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The source document's experiment (784-128-10, prune the 50% of connections with the lowest {@code E = |w| * p},
 * retrain with the masks held) run twice from the same initial weights: on one machine with an
 * {@code EnergyPruningCallback}, and on Spark with {@link SparkPruning} and parameter averaging over the workers of a
 * {@code local[n]} context.
 *
 * @param trainExamples training examples (0: all 60,000)
 * @param testExamples  test examples (0: all 10,000)
 * @param epochs        dense epochs before the pruning step (it runs at the end of the last one)
 * @param retrainEpochs epochs after it
 * @param workers       Spark workers
 * @param seed          weights, data subset and shuffling
 */
public record SparkScenario(int trainExamples, int testExamples, int epochs, int retrainEpochs, int workers,
                            long seed) {

    /** The document's pruning fraction. */
    public static final double TARGET_SPARSITY = 0.5;
    /** Minibatch size on one machine; on Spark each worker's minibatch is this divided by the workers. */
    public static final int BATCH = 128;
    /** Minibatches each worker runs between two averaging rounds. */
    public static final int AVERAGING_FREQUENCY = 5;
    /** Examples per DataSet object of the training RDD. */
    static final int PER_OBJECT = 32;

    /** The quick run: a subset, for CI. */
    public static SparkScenario quick(long seed) {
        return new SparkScenario(6_000, 2_000, 2, 1, 2, seed);
    }

    /** The full run: all of MNIST, the document's 5 + 5 epochs. */
    public static SparkScenario full(long seed) {
        return new SparkScenario(0, 0, 5, 5, 2, seed);
    }

    private PruningConfig config() {
        return PruningConfig.builder().criterion(Criteria.seedEnergy()).seed(seed).build();
    }

    private PruningSchedule schedule() {
        return PruningSchedule.oneShot(epochs - 1, TARGET_SPARSITY);
    }

    /** Both runs; what the console shows is returned with the section. */
    public Outcome run(InMemoryMnist mnist, JavaSparkContext sc) {
        Single single = single(mnist);
        SparkRun spark = spark(mnist, sc);
        return new Outcome(new SparkSection(workers, single.accuracy, spark.accuracy, spark.resurrected,
                spark.secondsPerEpoch, single.secondsPerEpoch, spark.pruneMillis), single.sparsity, spark.sparsity,
                single.pruneMillis, mnist.trainCount(), mnist.testCount());
    }

    private record Single(double accuracy, double secondsPerEpoch, double sparsity, double pruneMillis) {
    }

    private record SparkRun(double accuracy, double secondsPerEpoch, double sparsity, double pruneMillis,
                            long resurrected) {
    }

    private Single single(InMemoryMnist mnist) {
        MultiLayerNetwork net = MnistMlp.build(seed);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(config()).collectStatistics(1)
                .schedule(schedule()).build();
        net.addListeners(pruning);
        long start = System.nanoTime();
        for (int e = 0; e < epochs + retrainEpochs; e++) {
            net.fit(mnist.train(seed + e));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        PruningEvent event = pruning.history().get(0);
        return new Single(net.evaluate(mnist.test()).accuracy(), seconds / (epochs + retrainEpochs),
                pruning.sparsity(), event.millis());
    }

    private SparkRun spark(InMemoryMnist mnist, JavaSparkContext sc) {
        MultiLayerNetwork net = MnistMlp.build(seed);
        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(PER_OBJECT)
                .batchSizePerWorker(BATCH / workers)
                .averagingFrequency(AVERAGING_FREQUENCY)
                .saveUpdater(true)          // average Adam's state too (DL4J's default restarts it every round)
                .workerPrefetchNumBatches(0)
                .rngSeed(seed)
                .build();
        SparkPruning pruning = SparkPruning.builder(config()).schedule(schedule()).build(sc, net, tm);
        JavaRDD<DataSet> train = sc.parallelize(objects(mnist.train(seed)), workers).cache();
        double seconds = 0;
        for (int e = 0; e < epochs + retrainEpochs; e++) {
            pruning.fit(train);
            seconds += pruning.lastFitSeconds();
        }
        train.unpersist(false);
        MaskVerification end = pruning.verify();
        long resurrected = pruning.resurrectedWeights() + end.nonZero().values().stream().mapToLong(List::size).sum();
        return new SparkRun(net.evaluate(mnist.test()).accuracy(), seconds / (epochs + retrainEpochs),
                pruning.masks().weightSparsity(), pruning.history().get(0).millis(), resurrected);
    }

    /** The training set as DataSet objects of {@link #PER_OBJECT} examples. */
    private static List<DataSet> objects(DataSetIterator it) {
        List<DataSet> out = new ArrayList<>();
        while (it.hasNext()) {
            DataSet batch = it.next();
            List<DataSet> rows = batch.asList();
            for (int i = 0; i < rows.size(); i += PER_OBJECT) {
                out.add(DataSet.merge(rows.subList(i, Math.min(rows.size(), i + PER_OBJECT))));
            }
        }
        return out;
    }

    /**
     * The result: the {@code spark} block and what it is compared with.
     *
     * @param spark          the block of {@code benchmark.json}
     * @param sparsitySingle weight sparsity reached on one machine
     * @param sparsitySpark  weight sparsity reached on Spark
     * @param pruneStepMillisSingle the pruning step's own time on one machine
     * @param trainExamples  training examples used
     * @param testExamples   test examples used
     */
    public record Outcome(SparkSection spark, double sparsitySingle, double sparsitySpark,
                          double pruneStepMillisSingle, int trainExamples, int testExamples) {
    }
}
