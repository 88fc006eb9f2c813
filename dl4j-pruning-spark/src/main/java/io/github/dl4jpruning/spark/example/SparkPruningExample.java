package io.github.dl4jpruning.spark.example;

import io.github.dl4jpruning.benchmark.data.InMemoryMnist;
import io.github.dl4jpruning.benchmark.data.MnistProvisioner;
import io.github.dl4jpruning.benchmark.model.MnistMlp;
import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.spark.SparkPruning;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes MNIST 784-128-10 on Spark: 2 dense epochs, 50% of the connections with the lowest {@code E = |w| * p}
 * pruned at the end of the second, 1 retraining epoch with the masks held on every worker, then the model saved with
 * its masks. Runs with {@code spark-submit} (the master comes from it) or on its own in {@code local[2]}:
 *
 * <pre>{@code
 * spark-submit --class io.github.dl4jpruning.spark.example.SparkPruningExample \
 *     --conf "spark.driver.extraJavaOptions=..." --conf "spark.executor.extraJavaOptions=..." \
 *     my-fat-jar.jar /tmp/spark-pruned.zip
 * }</pre>
 */
public final class SparkPruningExample {
    private static final Logger log = LoggerFactory.getLogger(SparkPruningExample.class);

    private SparkPruningExample() {
    }

    public static void main(String[] args) throws Exception {
        File target = new File(args.length > 0 ? args[0] : "spark-pruned.zip");
        SparkConf conf = new SparkConf().setAppName("dl4j-pruning example").setIfMissing("spark.master", "local[2]");
        JavaSparkContext sc = new JavaSparkContext(conf);
        try {
            InMemoryMnist mnist = InMemoryMnist.load(MnistProvisioner.builder().build().provision(), 128, 6_000,
                    2_000, 12345);
            JavaRDD<DataSet> train = sc.parallelize(objects(mnist.train(1)), 2).cache();

            MultiLayerNetwork net = MnistMlp.build(12345);                           // the network you train today
            ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(32)
                    .batchSizePerWorker(64).averagingFrequency(5).saveUpdater(true).workerPrefetchNumBatches(0)
                    .build();
            SparkPruning pruning = SparkPruning.builder(PruningConfig.builder().criterion(Criteria.seedEnergy()).build())
                    .schedule(PruningSchedule.oneShot(1, 0.5))                    // end of epoch 1: 50%
                    .build(sc, net, tm);
            for (int epoch = 0; epoch < 3; epoch++) {
                pruning.fit(train).ifPresent(e -> log.info("pruned: {}", e.summary()));
                log.info("epoch {}: accuracy {}", epoch, net.evaluate(mnist.test()).accuracy());
            }
            log.info("{}; resurrected weights after averaging: {}", pruning.verify().summary(),
                    pruning.resurrectedWeights());
            pruning.save(target, true);                                               // PrunedModelSerializer's zip
            log.info("saved {}", target.getAbsolutePath());
        } finally {
            sc.stop();
        }
    }

    /** DataSet objects of 32 examples, as the training master is configured. */
    private static List<DataSet> objects(DataSetIterator it) {
        List<DataSet> out = new ArrayList<>();
        while (it.hasNext()) {
            List<DataSet> rows = it.next().asList();
            for (int i = 0; i < rows.size(); i += 32) {
                out.add(DataSet.merge(rows.subList(i, Math.min(rows.size(), i + 32))));
            }
        }
        return out;
    }
}
