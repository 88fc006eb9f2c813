package io.github.dl4jpruning.benchmark.jmh;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link PruneStepBenchmark} and prints how the time of one pruning step grows with the number of weights, as a
 * Markdown table; JMH's own JSON results go to {@code DIR/jmh-prune-step.json}.
 *
 * <pre>{@code
 * java -cp mnist-benchmark/target/mnist-benchmark.jar io.github.dl4jpruning.benchmark.jmh.PruneStepScaling [--out DIR] [--quick]
 * }</pre>
 *
 * <p>{@code --out DIR} (default {@code results}); {@code --quick}: the two smallest sizes, 1 warm-up and 2
 * measurement iterations; {@code --max-weights N}: only the sizes with at most N weights (11000000 leaves out the
 * 100M-weight network and its second fork). The 100M-weight size runs in a second fork with a 4 GB heap ({@code -Xmx4g}), its JMH JSON
 * in {@code DIR/jmh-prune-step-large.json}. Each benchmark runs in a forked JVM with the same class path as this one (JMH passes
 * {@code java.class.path} on); with only the jar on it, the jar's manifest {@code Class-Path} still finds
 * {@code target/lib/}.
 */
public final class PruneStepScaling {

    /** The JSON result file inside the output directory. */
    public static final String RESULT_FILE = "jmh-prune-step.json";

    private PruneStepScaling() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Path out = Path.of("results");
        boolean quick = false;
        long maxWeights = Long.MAX_VALUE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--max-weights" -> {
                    if (i + 1 == args.length || !args[i + 1].matches("[0-9]{1,18}")) {
                        throw new IllegalArgumentException("--max-weights needs a whole number of weights, such as "
                                + "--max-weights 11000000, got " + (i + 1 == args.length ? "nothing" : args[i + 1]));
                    }
                    maxWeights = Long.parseLong(args[++i]);
                }
                case "--out" -> {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException("--out needs a directory, such as --out results");
                    }
                    out = Path.of(args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; expected --out DIR, --max-weights N and/or --quick");
            }
        }
        Files.createDirectories(out);
        Path json = out.resolve(RESULT_FILE);

        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(PruneStepBenchmark.class.getName() + "."))
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        List<String> small = new ArrayList<>();
        List<String> large = new ArrayList<>();
        for (String size : quick ? Arrays.copyOf(PruneStepBenchmark.SIZES, 2) : StepScaling.sizesUpTo(maxWeights)
                .toArray(String[]::new)) {
            (PruneStepBenchmark.weightCount(size) >= PruneStepBenchmark.LARGE_WEIGHTS ? large : small).add(size);
        }
        if (quick) {
            options.warmupIterations(1).measurementIterations(2);
        }
        // Other work on the machine slows the step down: say how busy it was, next to the figures.
        double loadBefore = loadAverage();
        Collection<RunResult> results = new ArrayList<>(new Runner(new OptionsBuilder().parent(options.build())
                .param("layers", small.toArray(String[]::new)).build()).run());
        if (!large.isEmpty()) {
            // 100M weights in a fork with issue 14's 4 GB heap (the annotation's 2 GB is for the others); fewer
            // iterations, each step taking seconds. The JSON of this second run goes next to the first.
            Path largeJson = out.resolve(RESULT_FILE.replace(".json", "-large.json"));
            results.addAll(new Runner(new OptionsBuilder().parent(options.build())
                    .param("layers", large.toArray(String[]::new))
                    .jvmArgsAppend("-Xms4g", PruneStepBenchmark.LARGE_HEAP,
                            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                    .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1))
                    .result(largeJson.toString()).build()).run());
        }
        System.out.println();
        System.out.println(markdown(results));
        System.out.printf(Locale.ROOT, "%d CPUs, %s %s, %s; load average %.2f before, %.2f after%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.vm.version"), loadBefore, loadAverage());
        System.out.println("JMH results in " + json);
    }

    /** One row per size and criterion, smallest network first. */
    static String markdown(Collection<RunResult> results) {
        List<RunResult> rows = new ArrayList<>(results);
        rows.sort(Comparator.comparingLong((RunResult r) -> weights(r))
                .thenComparing(r -> r.getParams().getParam("criterion")));
        StringBuilder sb = new StringBuilder();
        sb.append("| network | weights | criterion | mean ms | error ms (99.9%) | ms per million weights |\n");
        sb.append("|---|---:|---|---:|---:|---:|\n");
        for (RunResult r : rows) {
            Result<?> p = r.getPrimaryResult();
            long w = weights(r);
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %s | %.1f | %s | %.1f |%n",
                    r.getParams().getParam("layers"), w, r.getParams().getParam("criterion"), p.getScore(),
                    Double.isNaN(p.getScoreError()) ? "n/a" : String.format(Locale.ROOT, "± %.1f", p.getScoreError()),
                    p.getScore() / (w / 1e6)));
        }
        return sb.toString();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long weights(RunResult r) {
        return PruneStepBenchmark.weightCount(r.getParams().getParam("layers"));
    }
}
