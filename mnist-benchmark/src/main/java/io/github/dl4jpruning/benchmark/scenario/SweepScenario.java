package io.github.dl4jpruning.benchmark.scenario;

import io.github.dl4jpruning.benchmark.results.BenchmarkResults;
import io.github.dl4jpruning.benchmark.results.ControlResult;
import io.github.dl4jpruning.benchmark.results.DenseSeeds;
import io.github.dl4jpruning.benchmark.harness.ScenarioContext;
import io.github.dl4jpruning.benchmark.harness.BenchmarkConfig;
import io.github.dl4jpruning.benchmark.compaction.CompactionExperiment;
import io.github.dl4jpruning.benchmark.compaction.CompactionMeasurement;
import io.github.dl4jpruning.benchmark.harness.Bench;
import io.github.dl4jpruning.benchmark.harness.DenseStart;
import io.github.dl4jpruning.benchmark.harness.Overhead;
import io.github.dl4jpruning.benchmark.harness.PruneStepTiming;
import io.github.dl4jpruning.benchmark.harness.RowSpec;
import io.github.dl4jpruning.benchmark.results.RunResult;
import io.github.dl4jpruning.benchmark.harness.SeedResult;
import io.github.dl4jpruning.benchmark.jmh.StepScaling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;

/**
 * The frontier: criteria x schedules x targets ({@link SweepPlan}), every row starting from the same trained dense
 * network of its seed; the headline rows repeated on {@code --seeds} seeds; the dense same-epochs control per seed;
 * the training overhead; and a structured energy-aware run compacted into a smaller network
 * ({@link CompactionExperiment}).
 */
public final class SweepScenario implements Scenario {
    private static final Logger log = LoggerFactory.getLogger(SweepScenario.class);

    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public String description() {
        return "accuracy and estimated energy across criteria, schedules and targets; overhead; compaction";
    }

    @Override
    public BenchmarkResults run(ScenarioContext context) {
        Bench bench = new Bench(context);
        BenchmarkConfig config = context.config();
        PrintStream console = context.console();
        long sweepStart = System.nanoTime();
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < config.seeds(); i++) {
            seeds.add(config.seed() + i);
        }

        List<DenseStart> denses = new ArrayList<>();
        List<Double> controls = new ArrayList<>();
        DenseStart first = bench.dense(seeds.get(0));
        denses.add(first);
        controls.add(bench.control(first));

        List<RowSpec> rows = config.quick() ? SweepPlan.quick() : SweepPlan.full();
        Map<RowSpec, List<SeedResult>> results = new LinkedHashMap<>();
        int done = 0;
        for (RowSpec row : rows) {
            SeedResult r = bench.run(row, first);
            results.computeIfAbsent(row, k -> new ArrayList<>()).add(r);
            done++;
            progress(console, done, rows.size(), row, r, sweepStart);
        }

        Map<RowSpec, Double> firstAccuracy = new LinkedHashMap<>();
        results.forEach((row, rs) -> firstAccuracy.put(row, rs.get(0).accuracyAfter()));
        List<RowSpec> headline = seeds.size() > 1 || !config.quick() ? SweepPlan.headline(firstAccuracy) : List.of();
        for (int i = 1; i < seeds.size(); i++) {
            DenseStart dense = bench.dense(seeds.get(i));
            denses.add(dense);
            controls.add(bench.control(dense));
            int k = 0;
            for (RowSpec row : headline) {
                SeedResult r = bench.run(row, dense);
                results.get(row).add(r);
                k++;
                progress(console, k, headline.size(), row, r, sweepStart);
            }
        }

        List<RunResult> runs = new ArrayList<>();
        results.forEach((row, rs) -> runs.add(SweepPlan.aggregate(row, rs, headline.contains(row))));

        Overhead overhead = bench.overhead(first, bench.overheadRepetitions());
        console.println("training overhead: " + overhead);
        PruneStepTiming step = bench.pruneStep(first, "energy-aware", 0.5);

        CompactionExperiment.Builder compaction = CompactionExperiment.builder().seed(first.seed());
        if (config.quick()) {
            compaction.retrainEpochs(1).pruneSteps(1).warmupCalls(20).latencySamples(31);
        }
        CompactionMeasurement measured = compaction.build().run(first.network(),
                bench.mnist().train(first.seed()), bench.mnist().test());
        console.println("compaction: " + measured.toMarkdown());

        // Last, on networks of its own: nothing measured above depends on it.
        List<StepScaling> scaling = StepScaling.measure(config.quick() ? StepScaling.QUICK_SIZES
                : StepScaling.SWEEP_SIZES, config.quick() ? 3 : 5);
        console.println("pruning step by size: " + scaling);

        List<Double> denseAcc = denses.stream().map(DenseStart::accuracy).toList();
        DenseSeeds dense = new DenseSeeds(SweepPlan.mean(denseAcc), SweepPlan.std(denseAcc), denseAcc, config.epochs(),
                SweepPlan.mean(denses.stream().map(DenseStart::trainSeconds).toList()), seeds,
                bench.mnist().trainCount(), bench.mnist().testCount(), first.network().numParams(), first.energyPj());
        BenchmarkResults out = BenchmarkResults.builder()
                .dense(dense)
                .denseSameEpochs(new ControlResult(SweepPlan.mean(controls), SweepPlan.std(controls), controls,
                        config.epochs() + config.retrainEpochs()))
                .runs(runs)
                .overhead(overhead)
                .pruneStep(step)
                .compaction(measured)
                .pruneStepScaling(scaling)
                .sweepSeconds((System.nanoTime() - sweepStart) / 1e9)
                .build();
        summary(console, runs, SweepPlan.mean(controls));
        return out;
    }

    private static void progress(PrintStream console, int done, int total, RowSpec row, SeedResult r, long start) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        console.printf(Locale.ROOT, "[%d/%d] seed %d %s: %s one-shot, %.2f%% after retraining, sparsity %.2f%%, "
                        + "energy %.1f%% less (%.1f s; %.0f s so far)%n", done, total, r.seed(), row.label(),
                Double.isNaN(r.accuracyOneShot()) ? "–" : String.format(Locale.ROOT, "%.2f%%", 100 * r.accuracyOneShot()),
                100 * r.accuracyAfter(), 100 * r.achievedSparsity(), 100 * (1 - r.energyPrunedPj() / r.energyDensePj()),
                r.trainSeconds(), elapsed);
        log.debug("row {} done", row.label());
    }

    /**
     * The closing table: per target, the best row among those run on the most seeds (the headline rows), so that a
     * lucky single-seed row does not outrank a three-seed mean.
     */
    private static void summary(PrintStream console, List<RunResult> runs, double control) {
        console.println();
        console.printf(Locale.ROOT, "| target | best criterion | schedule | seeds | accuracy after | vs control (%.2f%%) "
                + "| sparsity | energy less |%n", 100 * control);
        console.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        java.util.Comparator<RunResult> best = java.util.Comparator.comparingInt(RunResult::seeds)
                .thenComparingDouble(RunResult::accuracyAfter);
        runs.stream().map(RunResult::target).distinct().forEach(t -> runs.stream()
                .filter(r -> r.target().equals(t))
                .max(best)
                .ifPresent(r -> console.printf(Locale.ROOT, "| %s | %s | %s | %d | %.2f%%%s | %+.2f | %.2f%% | "
                                + "%.1f%% |%n", t.label(), r.criterion(), r.schedule(), r.seeds(),
                        100 * r.accuracyAfter(), r.seeds() > 1
                                ? String.format(Locale.ROOT, " ± %.2f", 100 * r.accuracyAfterStd()) : "",
                        100 * (r.accuracyAfter() - control), 100 * r.achievedSparsity(), 100 * r.energyReduction())));
    }
}
