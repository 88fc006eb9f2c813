package io.github.dl4jpruning.criteria;

import io.github.dl4jpruning.stats.ActivationStats;
import java.util.Map;

/**
 * What a pruning step may read besides the weights: activation statistics and, per weight key, the values a
 * criterion's {@link SignalCollector} accumulated during training.
 *
 * <pre>{@code
 * pruner.prune(net, masks, Signals.of(Calibration.run(net, data, 20, 0.0)), Target.sparsity(0.9));
 * pruner.prune(net, masks, Signals.none(), Target.sparsity(0.9));           // magnitude, random
 * }</pre>
 *
 * @param stats       activation statistics, or {@code null}
 * @param accumulated per weight key, the accumulated values (never {@code null}; empty if none)
 */
public record Signals(ActivationStats stats, Map<String, double[]> accumulated) {

    public Signals {
        accumulated = accumulated == null ? Map.of() : accumulated;
    }

    /** No statistics, nothing accumulated. */
    public static Signals none() {
        return new Signals(null, Map.of());
    }

    /** Activation statistics only. */
    public static Signals of(ActivationStats stats) {
        return new Signals(stats, Map.of());
    }

    /** Whether activation statistics are present and hold data. */
    public boolean hasStats() {
        return stats != null && !stats.isEmpty();
    }
}
