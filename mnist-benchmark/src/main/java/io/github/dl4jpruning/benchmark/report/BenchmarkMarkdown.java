package io.github.dl4jpruning.benchmark.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dl4jpruning.benchmark.io.ResultsWriter;
import io.github.dl4jpruning.benchmark.results.ResultsJson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.COMPACTION;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.CONFIG;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.CONTROL;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.DATA;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.DENSE;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.OVERHEAD;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.PRUNE_STEP;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.PRUNE_STEP_MILLIS;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.RESNET;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.PRUNE_STEP_SCALING;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.RUNS;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.RUNTIME;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.SEED;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.ZOO;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.ZOO_RUN;

/**
 * Renders {@code benchmark.md}, the human-readable twin of {@code benchmark.json}, from the JSON itself, so that it
 * works on any results file, old or new: sections that are absent are left out, fields it does not know are shown
 * with their JSON names. Section names and the parsing of rows come from
 * {@link io.github.dl4jpruning.benchmark.results.BenchmarkResults} and {@link ResultsJson}; the command line
 * ({@code --report-from}) rewrites the report of an existing file.
 *
 * <pre>
 * String md = BenchmarkMarkdown.render(ResultsWriter.mapper().readTree(file.toFile()));
 * </pre>
 * {@link ReportFiles} writes it, and the charts, beside the JSON.
 *
 * <p>Top-level sections read: {@code config}, {@code data}, {@code dense}, {@code denseSameEpochs} (the dense network
 * trained for as many epochs as the pruned ones), {@code seed}, {@code runs},
 * {@code overhead}, {@code pruneStepMillis}, {@code compaction}, {@code resnet}, {@code zoo} and {@code zooRun} ({@link ZooTable}); any other object section is shown as a table of its
 * fields.
 */
public final class BenchmarkMarkdown {

    /** The source document's figures for its own experiment, in percent. */
    static final String DOCUMENT_CLAIM = "97.4% dense → 97.3% after pruning and retraining";

    private static final Set<String> KNOWN = Set.of(CONFIG, DATA, DENSE, CONTROL, SEED, RUNS, OVERHEAD,
            PRUNE_STEP_MILLIS, PRUNE_STEP, COMPACTION, RUNTIME, RESNET, ZOO, ZOO_RUN, PRUNE_STEP_SCALING);
    private static final Map<String, String> OVERHEAD_LABELS = labels(
            "fitSecondsPlain", "fit without pruning",
            "fitSecondsWithPruning", "fit with the pruning callback",
            "ratio", "ratio (with / without), median over blocks",
            "ratioSpread", "its spread (half-width of the 95% bootstrap interval)",
            "cpuSecondsPlain", "CPU time without pruning",
            "cpuSecondsWithPruning", "CPU time with the pruning callback",
            "cpuRatio", "CPU time ratio (with / without), median over blocks",
            "cpuRatioSpread", "its spread (half-width of the 95% bootstrap interval)",
            "listenerSecondsPerEpoch", "time inside the listeners per pass",
            "listenerRatio", "ratio from the time inside the listeners",
            "listenerRatioSpread", "its spread (half-width of the 95% bootstrap interval)",
            "callbackRatio", "ratio from the time inside the pruning callback alone",
            "callbackRatioSpread", "its spread (half-width of the 95% bootstrap interval)",
            "blocks", "blocks of 16 minibatches the medians are over",
            "repetitions", "passes over the data (each minibatch fitted by both)",
            "iterationsPerRepetition", "minibatches per pass");
    private static final Map<String, String> COMPACTION_LABELS = labels(
            "neuronsRemovedFraction", "hidden neurons removed",
            "macRatio", "MACs compacted / dense",
            "latencyRatioBatch1", "latency compacted / masked, batch 1",
            "latencyRatioBatch128", "latency compacted / masked, batch 128",
            "maxAbsOutputDiff", "max |output masked − compacted|",
            "accuracyMasked", "accuracy, masked dense",
            "accuracyCompacted", "accuracy, compacted");
    private static final Map<String, String> RESNET_LABELS = labels(
            "accuracyDense", "accuracy, dense",
            "accuracyControl", "accuracy, dense same-epochs control",
            "accuracyPruned", "accuracy, 50% of filters pruned and retrained",
            "accuracyCompacted", "accuracy, compacted",
            "filterSparsity", "filters removed",
            "macRatio", "MACs compacted / dense",
            "latencyRatioBatch1", "latency compacted / dense, batch 1",
            "latencyRatioBatch64", "latency compacted / dense, batch 64",
            "runtimeLatencyRatioBatch1", "plain-Java runtime latency compacted / dense, batch 1",
            "runtimeLatencyRatioBatch64", "plain-Java runtime latency compacted / dense, batch 64",
            "runtimeMaxAbsOutputDiff", "max |output DL4J − plain-Java runtime|",
            "maxAbsOutputDiff", "max |output masked − compacted|",
            "denseEpochs", "dense epochs",
            "retrainEpochs", "retraining epochs");
    private static final Map<String, String> SEED_LABELS = labels(
            "accuracyDense", "accuracy, dense",
            "accuracyAfterPrune", "accuracy after pruning",
            "accuracyAfterRetrain", "accuracy after retraining");

    private BenchmarkMarkdown() {
    }

    /** The report without chart links. */
    public static String render(JsonNode benchmark) {
        return render(benchmark, List.of());
    }

    /**
     * The report as Markdown.
     *
     * @param benchmark the parsed {@code benchmark.json}, or {@code mapper().valueToTree(sections)}
     * @param charts    images to link, by file name
     */
    public static String render(JsonNode benchmark, List<Path> charts) {
        StringBuilder md = new StringBuilder("# MNIST pruning benchmark\n\n");
        inline(md, "Config", benchmark.path(CONFIG));
        inline(md, "Data", benchmark.path(DATA));
        baselines(md, benchmark);
        seed(md, benchmark.path(SEED));
        ResultsJson.Rows runs = ResultsJson.runs(benchmark);
        RunTables.headline(md, runs.rows());
        if (!charts.isEmpty()) {
            md.append("## Charts\n\n");
            charts.forEach(c -> md.append("![").append(c.getFileName().toString().replace(".png", "").replace('-', ' '))
                    .append("](").append(c.getFileName()).append(")\n\n"));
        }
        RunTables.runs(md, runs.rows(), runs.unreadable());
        fieldsSection(md, "Training overhead of pruning", benchmark.path(OVERHEAD), OVERHEAD_LABELS);
        pruneStep(md, benchmark.path(PRUNE_STEP_MILLIS), benchmark.path(PRUNE_STEP));
        stepScaling(md, benchmark.path(PRUNE_STEP_SCALING));
        fieldsSection(md, "Compaction", benchmark.path(COMPACTION), COMPACTION_LABELS);
        RuntimeTables.render(md, benchmark.path(RUNTIME));
        fieldsSection(md, "ResNet-style CNN (BatchNormalization, residual add): filters pruned and compacted",
                benchmark.path(RESNET), RESNET_LABELS);
        ZooTable.render(md, benchmark);
        for (Iterator<Map.Entry<String, JsonNode>> it = benchmark.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!KNOWN.contains(e.getKey()) && e.getValue().isObject()) {
                fieldsSection(md, capitalize(Cells.humanize(e.getKey())), e.getValue(), Map.of());
            }
        }
        return md.toString().stripTrailing() + "\n";
    }

    private static JsonNode control(JsonNode benchmark) {
        return benchmark.path(CONTROL);
    }

    /** {@code **Config:** scenario sweep, epochs 5, ...} from the scalar fields of a section. */
    private static void inline(StringBuilder md, String title, JsonNode section) {
        if (!section.isObject()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        section.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isNull() || v.isContainerNode()) {
                return;
            }
            String value = e.getKey().endsWith("Examples") && v.isIntegralNumber() && v.longValue() == 0 ? "all"
                    : Cells.byName(e.getKey(), v);
            parts.add(Cells.humanize(e.getKey()) + " " + value);
        });
        md.append("**").append(title).append(":** ").append(String.join(", ", parts)).append("\n\n");
    }

    private static void baselines(StringBuilder md, JsonNode benchmark) {
        MarkdownTable table = new MarkdownTable("model", "test accuracy %", "epochs", "training s", "train examples",
                "test examples", "parameters");
        baseline(table, "dense", benchmark.path(DENSE));
        baseline(table, "dense, same epochs (control)", control(benchmark));
        if (!table.isEmpty()) {
            md.append("## Dense baseline\n\n").append(table.render());
        }
    }

    private static void baseline(MarkdownTable table, String name, JsonNode b) {
        if (!b.isObject()) {
            return;
        }
        table.row(name, Cells.percent(Cells.number(b.get("accuracy"))), integer(b.get("epochs")),
                b.has("trainSeconds") ? String.format(Locale.ROOT, "%.1f", Cells.number(b.get("trainSeconds")))
                        : Cells.DASH,
                integer(b.get("trainExamples")), integer(b.get("testExamples")), integer(b.get("parameters")));
    }

    private static String integer(JsonNode n) {
        return n != null && n.isIntegralNumber() ? Cells.count(n.longValue()) : Cells.DASH;
    }

    private static void seed(StringBuilder md, JsonNode seed) {
        if (!seed.isObject()) {
            return;
        }
        md.append("## The document's experiment\n\n");
        boolean hasClaim = false;
        for (Iterator<String> names = seed.fieldNames(); names.hasNext(); ) {
            String n = names.next().toLowerCase(Locale.ROOT);
            hasClaim |= n.contains("claim") || n.contains("document");
        }
        if (!hasClaim) {
            md.append("The source document reports ").append(DOCUMENT_CLAIM).append(".\n\n");
        }
        md.append(fieldsTable(seed, SEED_LABELS).render());
    }

    /** @param detail how the time was measured ({@code PruneStepTiming}), shown as a table when present */
    private static void pruneStep(StringBuilder md, JsonNode millis, JsonNode detail) {
        if (millis.isMissingNode()) {
            return;
        }
        md.append("## Pruning step time\n\n");
        if (millis.isObject()) {
            MarkdownTable table = new MarkdownTable("step", "wall time");
            flatten("", millis).forEach((k, v) -> table.row(Cells.escape(k), millis(v)));
            md.append(table.render());
        } else if (millis.isArray()) {
            List<String> each = new ArrayList<>();
            millis.forEach(v -> each.add(millis(v)));
            md.append("One pruning step (score, select, mask): ").append(String.join(", ", each)).append(".\n\n");
        } else {
            md.append("One pruning step (score, select, mask): ").append(millis(millis)).append(".\n\n");
        }
        if (detail.isObject()) {
            md.append(fieldsTable(detail, Map.of()).render());
        }
    }

    /** {@code pruneStepScaling}: one step's time by network size, and per million weights. */
    private static void stepScaling(StringBuilder md, JsonNode points) {
        if (!points.isArray() || points.isEmpty()) {
            return;
        }
        md.append("## Pruning step by network size (in process)\n\n");
        MarkdownTable table = new MarkdownTable("weights", "wall time", "ms per million weights");
        points.forEach(p -> {
            double w = Cells.number(p.path("weights"));
            double ms = Cells.number(p.path("millis"));
            table.row(String.format(Locale.ROOT, "%,.0f", w), millis(p.path("millis")),
                    w > 0 && Double.isFinite(ms) ? String.format(Locale.ROOT, "%.1f", ms / (w / 1e6)) : Cells.DASH);
        });
        md.append(table.render());
    }

    private static String millis(JsonNode v) {
        double ms = Cells.number(v);
        return Double.isFinite(ms) ? String.format(Locale.ROOT, "%.3f ms", ms) : Cells.DASH;
    }

    private static void fieldsSection(StringBuilder md, String title, JsonNode section, Map<String, String> labels) {
        if (!section.isObject()) {
            return;
        }
        MarkdownTable table = fieldsTable(section, labels);
        if (!table.isEmpty()) {
            md.append("## ").append(title).append("\n\n").append(table.render());
        }
    }

    /** The labelled fields first, in the labels' order, then the others in file order; nested objects flattened. */
    private static MarkdownTable fieldsTable(JsonNode section, Map<String, String> labels) {
        Map<String, JsonNode> fields = flatten("", section);
        MarkdownTable table = new MarkdownTable("quantity", "value");
        labels.forEach((key, label) -> {
            if (fields.containsKey(key)) {
                table.row(Cells.escape(label), Cells.byName(key, fields.remove(key)));
            }
        });
        fields.forEach((key, value) -> table.row(Cells.escape(Cells.label(key.replace('.', ' '))),
                Cells.byName(key.substring(key.lastIndexOf('.') + 1), value)));
        return table;
    }

    /** Scalar and scalar-array fields by dotted path; arrays of scalars as one joined text value. */
    private static Map<String, JsonNode> flatten(String prefix, JsonNode node) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                out.putAll(flatten(key, v));
            } else if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(item -> items.add(item.isContainerNode() ? "…" : Cells.byName(e.getKey(), item)));
                out.put(key, ResultsWriter.mapper().getNodeFactory().textNode(String.join(", ", items)));
            } else {
                out.put(key, v);
            }
        });
        return out;
    }

    private static Map<String, String> labels(String... keyThenLabel) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyThenLabel.length; i += 2) {
            m.put(keyThenLabel[i], keyThenLabel[i + 1]);
        }
        return m;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
