package io.github.dl4jpruning.benchmark.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Renders the {@code runtime} block of {@code benchmark.json} (issue 14): the four fixed figures and the others with
 * their targets, each marked met or not, then every timing with its spread.
 */
final class RuntimeTables {

    private RuntimeTables() {
    }

    /** Appends the section; nothing when {@code runtime} is absent. */
    static void render(StringBuilder md, JsonNode runtime) {
        if (!runtime.isObject()) {
            return;
        }
        md.append("## Inference runtime (DL4J `output()` against dl4j-pruning-runtime)\n\n");
        md.append("Times per call, one thread, all engines interleaved in one run. Speed-ups are DL4J time / runtime "
                + "time; the batch-128 ratio is runtime time / DL4J time (the worst network).\n\n");
        MarkdownTable t = new MarkdownTable("quantity", "value", "target", "met");
        target(t, runtime, "sparse90Batch1SpeedupVsDl4j", "784-128-10 at 90% sparsity, batch 1: speed-up vs DL4J dense",
                ">= 5", 5, true);
        target(t, runtime, "sparse90VsRuntimeDenseBatch1", "the same: sparse kernels vs the runtime's dense kernel",
                "> 1", 1, true);
        target(t, runtime, "compactBatch1SpeedupVsDl4j", "compacted 784-26-10, batch 1: speed-up vs DL4J", ">= 4", 4,
                true);
        target(t, runtime, "batch128RatioVsDl4j", "batch 128: runtime / DL4J, worst network", "<= 1.10", 1.10,
                false);
        target(t, runtime, "lenetSpeedupOverMacRatio", "LeNet, half the filters removed: speed-up / MAC ratio",
                ">= 0.8", 0.8, true);
        target(t, runtime, "maxAbsOutputDiff", "max |DL4J output - runtime output|", "<= 1e-5", 1e-5, false);
        t.row("LeNet MAC ratio (before / after)", number(runtime.path("lenetMacRatio")), "", "");
        t.row("LeNet runtime speed-up, batch 1", number(runtime.path("lenetRuntimeSpeedupBatch1")), "", "");
        md.append(t.render());
        JsonNode rows = runtime.path("rows");
        if (rows.isArray() && rows.size() > 0) {
            MarkdownTable r = new MarkdownTable("network", "engine", "kernels", "batch", "MACs / example",
                    "median µs", "quartiles µs");
            for (JsonNode row : rows) {
                r.row(Cells.escape(row.path("network").asText()), row.path("engine").asText(),
                        Cells.escape(row.path("kernel").asText()), row.path("batch").asText(),
                        Cells.count(row.path("macs").asLong()),
                        String.format(Locale.ROOT, "%.1f", row.path("medianMicros").asDouble()),
                        String.format(Locale.ROOT, "%.1f – %.1f", row.path("p25Micros").asDouble(),
                                row.path("p75Micros").asDouble()));
            }
            md.append(r.render());
        }
    }

    private static void target(MarkdownTable t, JsonNode runtime, String field, String label, String target,
                               double bound, boolean atLeast) {
        JsonNode v = runtime.path(field);
        if (!v.isNumber()) {
            return;
        }
        double x = v.asDouble();
        boolean met = atLeast ? (target.startsWith(">=") ? x >= bound : x > bound) : x <= bound;
        t.row(Cells.escape(label) + " (`" + field + "`)", number(v), target, met ? "yes" : "no");
    }

    private static String number(JsonNode v) {
        if (!v.isNumber()) {
            return Cells.DASH;
        }
        double x = v.asDouble();
        return Math.abs(x) < 1e-3 && x != 0 ? String.format(Locale.ROOT, "%.2e", x)
                : String.format(Locale.ROOT, "%.3f", x);
    }
}
