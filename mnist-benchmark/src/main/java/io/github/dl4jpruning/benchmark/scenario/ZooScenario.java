package io.github.dl4jpruning.benchmark.scenario;

import io.github.dl4jpruning.benchmark.harness.ScenarioContext;
import io.github.dl4jpruning.benchmark.results.BenchmarkResults;
import io.github.dl4jpruning.benchmark.zoo.ZooEntry;
import io.github.dl4jpruning.benchmark.zoo.ZooMemory;
import io.github.dl4jpruning.benchmark.zoo.ZooModels;
import io.github.dl4jpruning.benchmark.zoo.ZooRow;
import io.github.dl4jpruning.benchmark.zoo.ZooRunSummary;
import io.github.dl4jpruning.benchmark.zoo.ZooRunner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 11's proof: every architecture of {@code deeplearning4j-zoo} ({@link ZooModels}) with random weights, pruned
 * unstructured and structured (50%, global), saved and restored, compacted, outputs compared ({@link ZooRunner}).
 * A failing architecture is a row with a reason, never the end of the run. {@code --quick} runs the small ones
 * (LeNet, SimpleCNN, TextGenerationLSTM); {@value #MODELS_PROPERTY} names others. MNIST is not read.
 */
public final class ZooScenario implements Scenario {

    /** A system property naming the architectures to run instead, e.g. {@code -Ddl4jpruning.zoo.models=AlexNet,UNet}. */
    public static final String MODELS_PROPERTY = "dl4jpruning.zoo.models";

    private final List<ZooEntry> entries;

    /** The scenario over {@link ZooModels#all()} ({@link ZooModels#quick()} with {@code --quick}). */
    public ZooScenario() {
        this(null);
    }

    /** The scenario over the given architectures, whatever {@code --quick} says (for tests). */
    public ZooScenario(List<ZooEntry> entries) {
        this.entries = entries == null ? null : List.copyOf(entries);
    }

    @Override
    public String name() {
        return "zoo";
    }

    @Override
    public String description() {
        return "every deeplearning4j-zoo architecture: unstructured and structured 50%, save/restore, compaction";
    }

    @Override
    public BenchmarkResults run(ScenarioContext context) throws IOException {
        String only = System.getProperty(MODELS_PROPERTY);
        List<ZooEntry> todo = entries != null ? entries : only != null ? ZooModels.named(only)
                : context.config().quick() ? ZooModels.quick() : ZooModels.all();
        PrintStream console = context.console();
        Path work = Files.createTempDirectory("dl4j-pruning-zoo");
        List<ZooRow> rows = new ArrayList<>();
        ZooMemory.collect();
        ZooMemory.resetPeaks();
        long start = System.nanoTime();
        try {
            ZooRunner runner = new ZooRunner(context.config().seed(), work);
            for (ZooEntry e : todo) {
                long t0 = System.nanoTime();
                ZooRow row = runner.run(e);
                rows.add(row);
                ZooMemory.collect();
                ZooMemory.sample();
                console.println(line(row, (System.nanoTime() - t0) / 1e9));
            }
        } finally {
            Files.deleteIfExists(work);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int good = (int) rows.stream().filter(r -> r.structuredOk() && r.compactedOk()).count();
        ZooRunSummary summary = new ZooRunSummary(seconds, rows.size(), good, ZooMemory.peakHeapBytes() >> 20,
                ZooMemory.maxHeapBytes() >> 20, ZooMemory.peakPhysicalBytes() >> 20);
        console.printf(Locale.ROOT, "zoo: %d of %d structurally pruned and compacted in %.1f s; peak heap %d MiB of "
                        + "%d MiB, peak physical memory %d MiB%n", good, rows.size(), seconds, summary.peakHeapMiB(),
                summary.maxHeapMiB(), summary.peakPhysicalMiB());
        return BenchmarkResults.builder().zoo(rows).zooRun(summary).build();
    }

    private static String line(ZooRow r, double seconds) {
        return String.format(Locale.ROOT, "zoo %s (%s): unstructured %s, structured %s, compacted %s, restored %s; "
                        + "params %s -> %s, MACs %s -> %s, layers emptied %s, max |output diff| %s, step %s s; "
                        + "%.1f s%s", r.model(), r.input(), ok(r.unstructuredOk()), ok(r.structuredOk()),
                ok(r.compactedOk()), ok(r.restoredOk()), r.paramsBefore(), r.paramsAfter(), r.macsBefore(),
                r.macsAfter(), r.layersEmptied(), r.maxAbsOutputDiff(), r.stepSeconds(), seconds,
                r.reason() == null ? "" : " - " + r.reason());
    }

    private static String ok(boolean b) {
        return b ? "ok" : "no";
    }
}
