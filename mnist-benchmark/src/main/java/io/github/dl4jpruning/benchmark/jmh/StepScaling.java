package io.github.dl4jpruning.benchmark.jmh;

import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.pruning.Pruner;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.Calibration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code benchmark.json}'s {@code pruneStepScaling}: a cheap in-process version of {@link PruneStepBenchmark}, run at
 * the end of a sweep. Per network size, the same untrained MLP and random-input statistics as the JMH benchmark, one
 * untimed step, then the median of {@code repetitions} timed {@code Pruner.prune} calls (magnitude, global, 50% from
 * empty masks; the dense weights restored before each, outside the time). No forked JVM and no error estimate: the
 * JMH run ({@link PruneStepScaling}) is the reference; this gives every sweep the same curve at a glance.
 *
 * <pre>{@code
 * List<StepScaling> points = StepScaling.measure(List.of("784-128-10", "784-1024-512-10"), 3);
 * }</pre>
 *
 * <p>Run alone, it measures every size of {@link PruneStepBenchmark#SIZES} up to {@code --max-weights} (default: up to
 * 10M weights; 110000000 adds the 103.6M-weight network, which needs {@code -Xmx4g}) and writes
 * {@code {"pruneStepScaling": [{weights, millis}]}} to {@code DIR/step-scaling.json}:
 *
 * <pre>{@code
 * java -Xmx4g -cp mnist-benchmark/target/mnist-benchmark.jar io.github.dl4jpruning.benchmark.jmh.StepScaling \
 *     --max-weights 110000000 [--repetitions 5] [--out results]
 * }</pre>
 *
 * @param weights prunable weights of the network
 * @param millis  median wall time of one step, milliseconds
 */
public record StepScaling(long weights, double millis) {

    private static final Logger log = LoggerFactory.getLogger(StepScaling.class);

    /** The sizes a full sweep measures: 0.1, 1.3 and 10 million weights. */
    public static final List<String> SWEEP_SIZES = List.of("784-128-10", "784-1024-512-10", "784-2048-2048-2048-10");
    /** The sizes a quick sweep measures. */
    public static final List<String> QUICK_SIZES = List.of("784-128-10", "784-512-256-10");
    /** {@code --max-weights} by default: up to the 10M-weight network. */
    public static final long DEFAULT_MAX_WEIGHTS = 11_000_000L;
    /** The file {@link #main} writes into its output directory. */
    public static final String RESULT_FILE = "step-scaling.json";

    /**
     * The sizes of {@link PruneStepBenchmark#SIZES} with at most {@code maxWeights} weights, smallest first.
     *
     * @throws IllegalArgumentException if no size is that small
     */
    public static List<String> sizesUpTo(long maxWeights) {
        List<String> sizes = java.util.Arrays.stream(PruneStepBenchmark.SIZES)
                .filter(s -> PruneStepBenchmark.weightCount(s) <= maxWeights).toList();
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("--max-weights " + maxWeights + " leaves no network to measure; expected "
                    + "at least " + PruneStepBenchmark.weightCount(PruneStepBenchmark.SIZES[0]));
        }
        return sizes;
    }

    /**
     * Measures the sizes up to {@code --max-weights} and writes {@code pruneStepScaling} as JSON (see the class
     * comment).
     *
     * @throws IllegalArgumentException on an unknown or malformed argument, naming it
     */
    public static void main(String[] args) throws java.io.IOException {
        long maxWeights = DEFAULT_MAX_WEIGHTS;
        int repetitions = 5;
        java.nio.file.Path out = java.nio.file.Path.of("results");
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!List.of("--max-weights", "--repetitions", "--out").contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + name
                        + "'; expected --max-weights N, --repetitions N and/or --out DIR");
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            try {
                switch (name) {
                    case "--max-weights" -> maxWeights = Long.parseLong(value);
                    case "--repetitions" -> repetitions = Integer.parseInt(value);
                    default -> out = java.nio.file.Path.of(value);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " expects a whole number, got '" + value + "'", e);
            }
        }
        List<String> sizes = sizesUpTo(maxWeights);
        List<StepScaling> points = measure(sizes, repetitions);
        java.nio.file.Files.createDirectories(out);
        java.nio.file.Path file = out.resolve(RESULT_FILE);
        new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), java.util.Map.of("pruneStepScaling", points));
        System.out.println("| weights | median ms | ms per million weights |");
        System.out.println("|---:|---:|---:|");
        for (StepScaling p : points) {
            System.out.printf(Locale.ROOT, "| %,d | %.1f | %.1f |%n", p.weights(), p.millis(), p.millis() / (p.weights() / 1e6));
        }
        System.out.printf(Locale.ROOT, "heap max %d MB; %s%n", Runtime.getRuntime().maxMemory() >> 20, file);
    }

    /**
     * Times one step per size.
     *
     * @param sizes       MLP widths such as {@code "784-128-10"}
     * @param repetitions timed steps per size, at least 1
     * @throws IllegalArgumentException if {@code repetitions < 1} or a size is not widths separated by '-'
     */
    public static List<StepScaling> measure(List<String> sizes, int repetitions) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
        }
        List<StepScaling> out = new ArrayList<>();
        for (String size : sizes) {
            int[] widths = PruneStepBenchmark.widths(size);
            MultiLayerNetwork net = PruneStepBenchmark.mlp(widths, PruneStepBenchmark.SEED);
            INDArray dense = net.params().dup();
            NetworkAdapter adapter = NetworkAdapter.of(net);
            ActivationStats stats = Calibration.run(net, PruneStepBenchmark.randomBatches(widths[0],
                    widths[widths.length - 1]), PruneStepBenchmark.CALIBRATION_BATCHES, 0);
            Pruner pruner = new Pruner(PruningConfig.builder().criterion(Criteria.magnitude()).scope(Scope.GLOBAL)
                    .seed(PruneStepBenchmark.SEED).build());
            double[] ms = new double[repetitions];
            for (int i = -1; i < repetitions; i++) {
                net.params().assign(dense);
                long start = System.nanoTime();
                pruner.prune(adapter, new PruneMasks(), Signals.of(stats), Target.sparsity(PruneStepBenchmark.SPARSITY));
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - start) / 1e6;
                }
            }
            java.util.Arrays.sort(ms);
            double median = repetitions % 2 == 1 ? ms[repetitions / 2]
                    : (ms[repetitions / 2 - 1] + ms[repetitions / 2]) / 2;
            long weights = PruneStepBenchmark.weightCount(size);
            log.info("pruning step at {} weights ({}): median {} ms of {}", weights, size,
                    String.format(Locale.ROOT, "%.1f", median), repetitions);
            out.add(new StepScaling(weights, median));
        }
        return out;
    }
}
