package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.stats.ActivationStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A callback's pruning events, oldest first, with the {@link DenseBaseline} that keeps the dense energy of models
 * whose dense estimate depends on the weights.
 */
final class PruningHistory {

    private final List<PruningEvent> events = new ArrayList<>();
    private final DenseBaseline dense = new DenseBaseline();

    /** Before a step: keeps the dense per-layer energies if this is the first step and the model needs them. */
    void beforeStep(NetworkAdapter net, ActivationStats stats, EnergyModel model) {
        dense.captureBeforeFirstStep(events, net, stats, model);
    }

    /** Records a step's event, with the dense energy of the first event where the model needs it. */
    PruningEvent record(PruningEvent event, EnergyModel model) {
        PruningEvent corrected = dense.correct(event, events, model);
        events.add(corrected);
        return corrected;
    }

    /** The events (read-only view). */
    List<PruningEvent> events() {
        return Collections.unmodifiableList(events);
    }

    /**
     * Replaces the events (when resuming from a saved model).
     *
     * @throws IllegalArgumentException if {@code restored} is null
     */
    void replace(List<PruningEvent> restored) {
        if (restored == null) {
            throw new IllegalArgumentException("events must not be null (use an empty list)");
        }
        events.clear();
        events.addAll(restored);
        dense.forget();
    }

    /** The report of the bound network, with the kept dense per-layer energies where there are any. */
    PruningReport report(NetworkAdapter net, ActivationStats stats, EnergyModel model) {
        return dense.report(net, stats, model);
    }
}
