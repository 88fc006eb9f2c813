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
 * the end of a sweep. Per network size, the same untrained MLP and random-input statistics as the JMH benchmark; after
 * a JIT warm-up on one of the networks and untimed steps on each, the median of {@code repetitions} timed
 * {@code Pruner.prune} calls (magnitude, global, 50% from empty masks; the dense weights restored and the heap collected
 * before each, outside the time). Wall time goes into {@code pruneStepScaling}; run alone, the table also gives the
 * thread's CPU time, the collectors' time and the bytes allocated per step (see {@link #measureDetailed}). No forked
 * JVM and no error estimate: the JMH run ({@link PruneStepScaling}) is the reference; this gives every sweep the same
 * curve at a glance.
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
 * java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp mnist-benchmark/target/mnist-benchmark.jar \
 *     io.github.dl4jpruning.benchmark.jmh.StepScaling --max-weights 110000000 [--repetitions 5] [--out results]
 * }</pre>
 *
 * <p>Give it a fixed, pre-touched heap ({@code -Xms} equal to {@code -Xmx}, {@code -XX:+AlwaysPreTouch}): otherwise
 * the collection before each timed step lets the JVM give heap back to the system, and the next step pays the page
 * faults of taking it again (at 103.6M weights, about 3 GB allocated per step, that tripled the step's thread CPU
 * time). The footer prints the initial and maximum heap.
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
        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<StepTiming> timings = measureDetailed(sizes, repetitions);
        List<StepScaling> points = timings.stream().map(t -> new StepScaling(t.weights(), t.wallMillis())).toList();
        java.nio.file.Files.createDirectories(out);
        java.nio.file.Path file = out.resolve(RESULT_FILE);
        new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), java.util.Map.of("pruneStepScaling", points));
        System.out.println(table(timings));
        System.out.printf(Locale.ROOT, "medians of %d steps after at least %d warm-up steps; heap initial %d MB, max %d MB; "
                        + "load average %.2f before, %.2f after; %s%n", repetitions, WARM_UP_STEPS,
                java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit() >> 20,
                Runtime.getRuntime().maxMemory() >> 20, loadBefore,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), file);
    }

    /**
     * The figures as a Markdown table, per million weights too, and how flat that is from a million weights up: the
     * largest over the smallest ms per million of the sizes with at least a million weights.
     */
    static String table(List<StepTiming> timings) {
        StringBuilder sb = new StringBuilder();
        sb.append("| weights | wall ms | fastest | thread CPU ms | least | GC ms | MB allocated "
                + "| wall ms per million | CPU ms per million |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double[] wallRange = {Double.POSITIVE_INFINITY, 0};
        double[] cpuRange = {Double.POSITIVE_INFINITY, 0};
        for (StepTiming t : timings) {
            double millions = t.weights() / 1e6;
            sb.append(String.format(Locale.ROOT, "| %,d | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f | %.1f | %.1f |%n",
                    t.weights(), t.wallMillis(), t.wallMin(), t.cpuMillis(), t.cpuMin(), t.gcMillis(),
                    t.allocatedMb(), t.wallMillis() / millions, t.cpuMillis() / millions));
            if (t.weights() >= 1_000_000L) {
                wallRange[0] = Math.min(wallRange[0], t.wallMillis() / millions);
                wallRange[1] = Math.max(wallRange[1], t.wallMillis() / millions);
                cpuRange[0] = Math.min(cpuRange[0], t.cpuMillis() / millions);
                cpuRange[1] = Math.max(cpuRange[1], t.cpuMillis() / millions);
            }
        }
        if (wallRange[1] > 0) {
            sb.append(String.format(Locale.ROOT, "per million weights from 1M up, largest / smallest: wall %.2f, "
                    + "thread CPU %.2f%n", wallRange[1] / wallRange[0], cpuRange[1] / cpuRange[0]));
        }
        return sb.toString();
    }

    /**
     * Times one step per size: the wall-clock medians of {@link #measureDetailed}.
     *
     * @param sizes       MLP widths such as {@code "784-128-10"}
     * @param repetitions timed steps per size, at least 1
     * @throws IllegalArgumentException if {@code repetitions < 1} or a size is not widths separated by '-'
     */
    public static List<StepScaling> measure(List<String> sizes, int repetitions) {
        return measureDetailed(sizes, repetitions).stream().map(t -> new StepScaling(t.weights(), t.wallMillis()))
                .toList();
    }

    /**
     * Times one step per size, after warming the JIT up: {@link #WARM_UP_STEPS} untimed steps on one network of the
     * list (the smallest with at least a million weights, else the largest), then per size {@link #SETTLE_STEPS}
     * untimed steps and {@code repetitions} timed ones, each after a {@code System.gc()} outside the time, so that no
     * collection of an earlier step's garbage lands in it. Wall time and the thread's CPU time are taken side by side;
     * the collections during the timed steps are reported, not hidden.
     *
     * <p>Before, each size had one untimed step and the sizes ran smallest first, so the first sizes were timed while
     * the JIT was still compiling the step (the 0.5M-weight network took longer than the 1.3M one).
     *
     * @param sizes       MLP widths such as {@code "784-128-10"}
     * @param repetitions timed steps per size, at least 1
     * @throws IllegalArgumentException if {@code repetitions < 1} or a size is not widths separated by '-'
     */
    public static List<StepTiming> measureDetailed(List<String> sizes, int repetitions) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
        }
        sizes.forEach(PruneStepBenchmark::widths);
        String warmUp = sizes.stream().filter(s -> PruneStepBenchmark.weightCount(s) >= 1_000_000L).findFirst()
                .orElse(sizes.stream().max(java.util.Comparator.comparingLong(PruneStepBenchmark::weightCount))
                        .orElseThrow(() -> new IllegalArgumentException("no size to measure")));
        int warmUpSteps = new Bench(warmUp).warmUp();
        log.info("JIT warm-up: {} steps on {}", warmUpSteps, warmUp);
        List<StepTiming> out = new ArrayList<>();
        for (String size : sizes) {
            Bench bench = new Bench(size);
            bench.run(SETTLE_STEPS, null);
            double[][] samples = new double[4][repetitions];
            bench.run(repetitions, samples);
            StepTiming t = new StepTiming(PruneStepBenchmark.weightCount(size), median(samples[0]), min(samples[0]),
                    median(samples[1]), min(samples[1]), median(samples[2]), median(samples[3]), repetitions);
            log.info("pruning step: {}", t);
            out.add(t);
        }
        return out;
    }

    /**
     * Untimed steps on one network before any size is timed, at least: more while the step still gets faster (by
     * {@link #WARM_UP_BLOCK} steps, until two blocks in a row have a median thread CPU time no more than 5% below the
     * best block's), up to {@link #WARM_UP_MAX_STEPS}. On a loaded machine the compiler threads finish late and in
     * bursts: at 1.3M weights and load 7 the step took 160 ms for its first 16 steps, then 60-110, and settled at 17 ms
     * after about 100.
     */
    public static final int WARM_UP_STEPS = 40;
    /** Steps per block of the warm-up's convergence test. */
    public static final int WARM_UP_BLOCK = 8;
    /** The most untimed steps of the warm-up. */
    public static final int WARM_UP_MAX_STEPS = 300;
    /** Untimed steps on each network before its timed ones (its arrays' first allocation, its own code paths). */
    public static final int SETTLE_STEPS = 2;

    /**
     * One size's figures, medians over the timed steps.
     *
     * @param weights     prunable weights
     * @param wallMillis  median wall time of one step
     * @param wallMin     fastest wall time
     * @param cpuMillis   median CPU time of the step's thread
     * @param cpuMin      least thread CPU time
     * @param gcMillis    median time the collectors reported during one step (other threads: in wall, not in CPU)
     * @param allocatedMb median megabytes the step allocated on the heap ({@code NaN} if the JVM cannot say)
     * @param repetitions timed steps
     */
    public record StepTiming(long weights, double wallMillis, double wallMin, double cpuMillis, double cpuMin,
                             double gcMillis, double allocatedMb, int repetitions) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d weights: wall %.1f ms (fastest %.1f), thread CPU %.1f ms (least "
                    + "%.1f), GC %.0f ms, %.0f MB allocated; medians of %d", weights, wallMillis, wallMin, cpuMillis,
                    cpuMin, gcMillis, allocatedMb, repetitions);
        }
    }

    /** One network, its statistics and a pruner; {@link #run} restores the dense weights before each step. */
    private static final class Bench {
        private final MultiLayerNetwork net;
        private final INDArray dense;
        private final NetworkAdapter adapter;
        private final ActivationStats stats;
        private final Pruner pruner;

        Bench(String size) {
            int[] widths = PruneStepBenchmark.widths(size);
            net = PruneStepBenchmark.mlp(widths, PruneStepBenchmark.SEED);
            dense = net.params().dup();
            adapter = NetworkAdapter.of(net);
            stats = Calibration.run(net, PruneStepBenchmark.randomBatches(widths[0], widths[widths.length - 1]),
                    PruneStepBenchmark.CALIBRATION_BATCHES, 0);
            pruner = new Pruner(PruningConfig.builder().criterion(Criteria.magnitude()).scope(Scope.GLOBAL)
                    .seed(PruneStepBenchmark.SEED).build());
        }

        /** Steps until the JIT has settled (see {@link #WARM_UP_STEPS}); returns how many. */
        int warmUp() {
            run(WARM_UP_STEPS, null);
            int steps = WARM_UP_STEPS;
            double best = Double.POSITIVE_INFINITY;
            int stale = 0;
            // Until two blocks in a row are not 5% faster than the best block so far: the compiler threads finish
            // in bursts, so one block without progress is not enough.
            while (steps < WARM_UP_MAX_STEPS && stale < 2) {
                double[][] block = new double[4][WARM_UP_BLOCK];
                run(WARM_UP_BLOCK, block, false);
                steps += WARM_UP_BLOCK;
                double now = median(block[1]);
                stale = now < 0.95 * best ? 0 : stale + 1;
                best = Math.min(best, now);
            }
            return steps;
        }

        void run(int steps, double[][] samples) {
            run(steps, samples, true);
        }

        /**
         * {@code steps} steps; if {@code samples} is given, wall, CPU, GC ms and allocated MB of each into it (after a
         * collection if {@code collect}).
         */
        void run(int steps, double[][] samples, boolean collect) {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            boolean allocation = threads instanceof com.sun.management.ThreadMXBean t
                    && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled();
            for (int i = 0; i < steps; i++) {
                net.params().assign(dense);
                if (samples != null && collect) {
                    System.gc();
                }
                long gc0 = collectionMillis();
                long alloc0 = allocation ? ((com.sun.management.ThreadMXBean) threads).getCurrentThreadAllocatedBytes() : 0;
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                pruner.prune(adapter, new PruneMasks(), Signals.of(stats), Target.sparsity(PruneStepBenchmark.SPARSITY));
                long wall1 = System.nanoTime();
                long cpu1 = threads.getCurrentThreadCpuTime();
                if (samples != null) {
                    samples[0][i] = (wall1 - wall0) / 1e6;
                    samples[1][i] = (cpu1 - cpu0) / 1e6;
                    samples[2][i] = collectionMillis() - gc0;
                    samples[3][i] = allocation ? (((com.sun.management.ThreadMXBean) threads)
                            .getCurrentThreadAllocatedBytes() - alloc0) / 1e6 : Double.NaN;
                }
            }
        }
    }

    private static long collectionMillis() {
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean gc
                : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }
}
