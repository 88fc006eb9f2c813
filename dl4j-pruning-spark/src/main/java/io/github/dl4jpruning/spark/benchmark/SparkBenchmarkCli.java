package io.github.dl4jpruning.spark.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.dl4jpruning.benchmark.data.InMemoryMnist;
import io.github.dl4jpruning.benchmark.data.MnistFiles;
import io.github.dl4jpruning.benchmark.data.MnistProvisioner;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar dl4j-pruning-spark/target/dl4j-pruning-spark-benchmark.jar --scenario spark [--quick] --out DIR}:
 * the document's experiment on Spark ({@code local[2]}) beside the same experiment on one machine; writes
 * {@code DIR/benchmark.json} with the {@code spark} block and prints a table. The jar's manifest opens the JDK
 * packages Spark needs, so no JVM flags are required.
 */
@Command(name = "dl4j-pruning-spark-benchmark", mixinStandardHelpOptions = true,
        description = "Prune and retrain MNIST 784-128-10 on Spark (local[2]) beside one machine")
public final class SparkBenchmarkCli implements Callable<Integer> {

    @Option(names = "--scenario", required = true, description = "the scenario to run: spark (the only one here)")
    String scenario;

    @Option(names = "--quick", description = "a subset of MNIST and fewer epochs (for CI)")
    boolean quick;

    @Option(names = "--out", required = true, description = "directory for benchmark.json")
    Path out;

    @Option(names = "--seed", defaultValue = "12345", description = "weights, data subset and shuffling")
    long seed;

    @Option(names = "--data-dir", description = "a directory holding the four MNIST files")
    Path dataDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkBenchmarkCli()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!"spark".equals(scenario)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "unknown scenario '" + scenario
                    + "'; this jar runs only --scenario spark (the other scenarios are in mnist-benchmark.jar)");
        }
        SparkScenario s = quick ? SparkScenario.quick(seed) : SparkScenario.full(seed);
        MnistProvisioner.Builder provisioner = MnistProvisioner.builder();
        if (dataDir != null) {
            provisioner.userDirectory(dataDir);
        }
        MnistFiles files = provisioner.build().provision();
        InMemoryMnist mnist = InMemoryMnist.load(files, SparkScenario.BATCH, s.trainExamples(), s.testExamples(), seed);
        SparkConf conf = new SparkConf().setMaster("local[" + s.workers() + "]").setAppName("dl4j-pruning spark")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "localhost");
        SparkScenario.Outcome o;
        JavaSparkContext sc = new JavaSparkContext(conf);
        try {
            sc.setLogLevel("WARN");
            o = s.run(mnist, sc);
        } finally {
            sc.stop();
        }
        write(o, s);
        print(o, s);
        return 0;
    }

    private void write(SparkScenario.Outcome o, SparkScenario s) throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", "spark");
        doc.put("quick", quick);
        doc.put("seed", seed);
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("trainExamples", o.trainExamples());
        setup.put("testExamples", o.testExamples());
        setup.put("epochs", s.epochs());
        setup.put("retrainEpochs", s.retrainEpochs());
        setup.put("targetSparsity", SparkScenario.TARGET_SPARSITY);
        setup.put("sparsitySingleMachine", o.sparsitySingle());
        setup.put("sparsitySpark", o.sparsitySpark());
        setup.put("pruneStepMillisSingleMachine", o.pruneStepMillisSingle());
        setup.put("batchSize", SparkScenario.BATCH);
        setup.put("averagingFrequency", SparkScenario.AVERAGING_FREQUENCY);
        setup.put("master", "local[" + s.workers() + "]");
        doc.put("sparkSetup", setup);
        doc.put("spark", o.spark());
        Files.createDirectories(out);
        File json = out.resolve("benchmark.json").toFile();
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json, doc);
        System.out.println("wrote " + json);
    }

    private static void print(SparkScenario.Outcome o, SparkScenario s) {
        SparkSection r = o.spark();
        System.out.printf(Locale.ROOT, "%n| %d+%d epochs, %d train / %d test | one machine | Spark local[%d] |%n",
                s.epochs(), s.retrainEpochs(), o.trainExamples(), o.testExamples(), r.workers());
        System.out.println("| --- | --- | --- |");
        System.out.printf(Locale.ROOT, "| accuracy after retraining | %.2f%% | %.2f%% |%n",
                100 * r.accuracySingleMachine(), 100 * r.accuracySpark());
        System.out.printf(Locale.ROOT, "| weight sparsity | %.2f%% | %.2f%% |%n", 100 * o.sparsitySingle(),
                100 * o.sparsitySpark());
        System.out.printf(Locale.ROOT, "| seconds per epoch | %.2f | %.2f |%n", r.secondsPerEpochSingle(),
                r.secondsPerEpochSpark());
        System.out.printf(Locale.ROOT, "| pruning step (ms) | %.1f | %.1f |%n", o.pruneStepMillisSingle(),
                r.pruneStepMillis());
        System.out.printf(Locale.ROOT, "| resurrected weights | - | %d |%n", r.resurrectedWeights());
        System.out.printf(Locale.ROOT, "accuracy difference %.2f points (target: within 0.3)%n",
                100 * (r.accuracySpark() - r.accuracySingleMachine()));
    }
}
