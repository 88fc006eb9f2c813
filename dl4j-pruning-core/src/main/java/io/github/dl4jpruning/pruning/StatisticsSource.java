package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where an {@link EnergyPruningCallback} reads activation statistics: a listener it owns and feeds itself
 * ({@code collectStatistics}), a listener the user attached to the network, or fixed statistics (from
 * {@code Calibration.run}), or none.
 */
final class StatisticsSource {

    private final ActivationStatsListener listener;
    private final boolean owned;
    private ActivationStats fixed;

    StatisticsSource(ActivationStatsListener listener, boolean owned, ActivationStats fixed) {
        this.listener = listener;
        this.owned = owned;
        this.fixed = fixed;
    }

    /** Whether any statistics are wired. */
    boolean wired() {
        return listener != null || fixed != null;
    }

    /** The listener the callback reads, or {@code null}. */
    ActivationStatsListener listener() {
        return listener;
    }

    /** The listener the callback owns and feeds, or {@code null}. */
    ActivationStatsListener owned() {
        return owned ? listener : null;
    }

    /** The current statistics, or {@code null}. */
    ActivationStats current() {
        return listener != null ? listener.stats() : fixed;
    }

    /** Replaces fixed statistics, or restores a listener's (for a resumed run). */
    void set(ActivationStats stats) {
        if (stats == null) {
            throw new IllegalArgumentException("statistics must not be null");
        }
        if (listener == null) {
            fixed = stats;
        } else if (owned) {
            listener.restore(stats);
        } else {
            throw new IllegalStateException("this callback reads its statistics from an ActivationStatsListener you "
                    + "attached; reset or restore that listener instead of setting fixed statistics");
        }
    }

    /** Puts saved statistics back into the listener, whoever attached it, or as fixed statistics. */
    void restore(ActivationStats saved) {
        if (saved == null) {
            throw new IllegalArgumentException("saved statistics must not be null");
        }
        if (listener != null) {
            listener.restore(saved);
        } else {
            fixed = saved.copy();
        }
    }

    /** Feeds an owned listener (a listener the user attached gets the pass from DL4J itself). */
    void forward(Model model, List<INDArray> activations) {
        if (owned) {
            listener.onForwardPass(model, activations);
        }
    }

    void forward(Model model, Map<String, INDArray> activations) {
        if (owned) {
            listener.onForwardPass(model, activations);
        }
    }
}
