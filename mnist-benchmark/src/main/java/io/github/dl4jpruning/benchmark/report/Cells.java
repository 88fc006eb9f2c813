package io.github.dl4jpruning.benchmark.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * How numbers read in {@code benchmark.md}: fractions as percent with 2 decimals, energies with 4 significant digits,
 * NaN and missing values as a dash. A value of unknown meaning is formatted after its JSON name, whose unit
 * ({@code ...Pj}, {@code Seconds}, {@code Millis}, {@code Micros}, {@code Nanos}) or word ({@code accuracy},
 * {@code sparsity}, {@code fraction}, {@code reduction}: a fraction) says what it is.
 */
final class Cells {

    /** Printed for NaN, infinities and missing values. */
    static final String DASH = "–";

    private Cells() {
    }

    /** A fraction as percent, {@code 0.98123 -> 98.12}. */
    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f", 100 * fraction) : DASH;
    }

    /** Energy in picojoules, 4 significant digits. */
    static String energy(double picojoules) {
        return Double.isFinite(picojoules) ? String.format(Locale.ROOT, "%.4g", picojoules) : DASH;
    }

    /** A count with thousands separators. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A plain number, 4 significant digits. */
    static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : DASH;
    }

    /**
     * A number read from JSON: numbers as they are, the strings Jackson writes for non-finite doubles ({@code "NaN"},
     * {@code "Infinity"}) as those values, anything else (missing, null, text) as NaN.
     */
    static double number(JsonNode node) {
        if (node == null) {
            return Double.NaN;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual() && "Infinity".equals(node.textValue())) {
            return Double.POSITIVE_INFINITY;
        }
        if (node.isTextual() && "-Infinity".equals(node.textValue())) {
            return Double.NEGATIVE_INFINITY;
        }
        return Double.NaN;
    }

    /** A scalar JSON value formatted after its field name; null for objects and arrays. */
    static String byName(String name, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return DASH;
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "yes" : "no";
        }
        if (value.isTextual() && !isNonFinite(value.textValue())) {
            return escape(value.textValue());
        }
        if (value.isContainerNode()) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (value.isIntegralNumber()) {
            return n.contains("seed") ? Long.toString(value.longValue()) : count(value.longValue());
        }
        double v = number(value);
        if (!Double.isFinite(v)) {
            return DASH;
        }
        if (n.endsWith("pj")) {
            return energy(v) + " pJ";
        }
        if (n.contains("seconds")) {
            return String.format(Locale.ROOT, "%.2f s", v);
        }
        if (n.contains("millis")) {
            return String.format(Locale.ROOT, "%.3f ms", v);
        }
        if (n.contains("micros")) {
            return String.format(Locale.ROOT, "%.1f µs", v);
        }
        if (n.contains("nanos")) {
            return String.format(Locale.ROOT, "%,.0f ns", v);
        }
        if (n.contains("ratio") || n.contains("speedup") || n.contains("efficiency")) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        if (isFractionName(n) && v >= 0 && v <= 1) {
            return percent(v) + "%";
        }
        return number(v);
    }

    private static boolean isFractionName(String lowerCaseName) {
        return lowerCaseName.contains("accurac") || lowerCaseName.contains("sparsity")
                || lowerCaseName.contains("fraction") || lowerCaseName.contains("reduction");
    }

    private static boolean isNonFinite(String text) {
        return "NaN".equals(text) || "Infinity".equals(text) || "-Infinity".equals(text);
    }

    /** {@code energyDensePj -> energy dense pJ}, {@code latencyRatioBatch128 -> latency ratio batch 128}. */
    static String humanize(String camelCase) {
        String spaced = camelCase.replaceAll("([a-z])([A-Z0-9])", "$1 $2")
                .replaceAll("([0-9])([A-Za-z])", "$1 $2")
                .toLowerCase(Locale.ROOT);
        return spaced.replaceAll("\\bpj\\b", "pJ").replaceAll("\\bmacs\\b", "MACs").replaceAll("\\bmac\\b", "MAC");
    }

    /** A field's label beside its formatted value, which carries the unit: {@code fitSecondsPlain -> fit plain}. */
    static String label(String camelCase) {
        String label = humanize(camelCase).replaceAll("\\b(seconds|millis|micros|nanos|pJ)\\b", "")
                .replaceAll(" +", " ").strip();
        return label.isEmpty() ? humanize(camelCase) : label;
    }

    /** Makes text safe inside a Markdown table cell. */
    static String escape(String text) {
        return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
