package io.github.dl4jpruning.benchmark.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.ZOO;
import static io.github.dl4jpruning.benchmark.results.BenchmarkResults.ZOO_RUN;

/**
 * The zoo scenario's section of {@code benchmark.md}: one row per architecture from the JSON's {@code zoo} block
 * (issue 11's names), then the run's time and peak memory from {@code zooRun}. Works on any results file: a missing
 * field is a dash.
 *
 * <pre>{@code
 * StringBuilder md = new StringBuilder();
 * ZooTable.render(md, ResultsWriter.mapper().readTree(file.toFile()));
 * }</pre>
 */
final class ZooTable {

    private ZooTable() {
    }

    /** Appends the section if the file has a {@code zoo} block. */
    static void render(StringBuilder md, JsonNode benchmark) {
        JsonNode rows = benchmark.path(ZOO);
        if (!rows.isArray() || rows.isEmpty()) {
            return;
        }
        MarkdownTable table = new MarkdownTable(2, "model", "input", "params before", "params after", "MACs before",
                "MACs after", "unstructured 50%", "structured 50%", "compacted", "saved and restored",
                "layers emptied", "max abs output diff", "step s", "reason");
        for (JsonNode r : rows) {
            table.row(text(r.path("model")), text(r.path("input")), count(r.path("paramsBefore")),
                    count(r.path("paramsAfter")), count(r.path("macsBefore")), count(r.path("macsAfter")),
                    Cells.byName("unstructuredOk", r.path("unstructuredOk")),
                    Cells.byName("structuredOk", r.path("structuredOk")),
                    Cells.byName("compactedOk", r.path("compactedOk")),
                    Cells.byName("restoredOk", r.path("restoredOk")), count(r.path("layersEmptied")),
                    scientific(r.path("maxAbsOutputDiff")), seconds(r.path("stepSeconds")), text(r.path("reason")));
        }
        md.append("## Zoo architectures (random weights)\n\n").append(table.render());
        JsonNode run = benchmark.path(ZOO_RUN);
        if (run.isObject()) {
            md.append(String.format(Locale.ROOT, "%s of %s architectures pruned structurally and compacted with equal "
                            + "outputs, in %s s; peak heap %s MiB of %s MiB, peak physical memory %s MiB.%n%n",
                    count(run.path("structuredAndCompacted")), count(run.path("models")),
                    seconds(run.path("seconds")), count(run.path("peakHeapMiB")), count(run.path("maxHeapMiB")),
                    count(run.path("peakPhysicalMiB"))));
        }
    }

    private static String text(JsonNode v) {
        return v.isTextual() ? Cells.escape(v.textValue()) : Cells.DASH;
    }

    private static String count(JsonNode v) {
        return v.isIntegralNumber() ? Cells.count(v.longValue()) : Cells.DASH;
    }

    private static String scientific(JsonNode v) {
        double d = Cells.number(v);
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.2g", d) : Cells.DASH;
    }

    private static String seconds(JsonNode v) {
        double d = Cells.number(v);
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : Cells.DASH;
    }
}
