package io.github.dl4jpruning.benchmark.harness;

import java.util.Locale;

/**
 * A sweep target as written to {@code benchmark.json}: {@code {"kind": "sparsity"|"energy", "value": 0.9}}.
 *
 * @param kind  {@code sparsity} (fraction of weights pruned) or {@code energy} (fraction of estimated energy removed)
 * @param value the fraction, in (0, 1)
 */
public record RunTarget(String kind, double value) {

    public RunTarget {
        if (!"sparsity".equals(kind) && !"energy".equals(kind)) {
            throw new IllegalArgumentException("target kind must be 'sparsity' or 'energy', got '" + kind + "'");
        }
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException("target value must be in (0, 1), got " + value);
        }
    }

    /** {@code 90% sparsity} or {@code 80% less energy}. */
    public String label() {
        String pct = String.format(Locale.ROOT, "%.0f%%", 100 * value);
        return "sparsity".equals(kind) ? pct + " sparsity" : pct + " less energy";
    }
}
