package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningEvent;
import io.github.dl4jpruning.stats.ActivationStats;
import java.util.List;
import org.deeplearning4j.nn.api.Model;

/**
 * What pruning has done so far, as saved next to a model: the prune masks, the activation statistics, the pruning
 * history, and the network's epoch and iteration counters. The schedule itself is not saved: it is a pure function
 * of the epoch counter, so building the callback again with the same schedule resumes it where it stopped.
 *
 * <pre>{@code
 * PrunedModelSerializer.save(file, net, PruningState.of(pruningCallback, net), true);
 * }</pre>
 *
 * @param masks          the prune masks, or {@code null} if none were saved
 * @param statistics     the activation statistics, or {@code null}
 * @param history        the pruning events so far, oldest first (never {@code null})
 * @param epochCount     the network's epoch counter when saved (epochs completed)
 * @param iterationCount the network's iteration counter when saved
 */
public record PruningState(PruneMasks masks, ActivationStats statistics, List<PruningEvent> history, int epochCount,
                           int iterationCount) {

    public PruningState {
        history = history == null ? List.of() : List.copyOf(history);
        masks = masks == null ? null : masks.copy();
        statistics = statistics == null ? null : statistics.copy();
    }

    /** The state of a callback training {@code model}. */
    public static PruningState of(EnergyPruningCallback callback, Model model) {
        NetworkAdapter net = NetworkAdapter.of(model);
        return new PruningState(callback.masks(), callback.statistics(), callback.history(), net.epochCount(),
                net.iterationCount());
    }

    /** Only masks (for a network pruned without a callback, e.g. by {@code Pruner}). */
    public static PruningState ofMasks(PruneMasks masks, Model model) {
        NetworkAdapter net = NetworkAdapter.of(model);
        return new PruningState(masks, null, List.of(), net.epochCount(), net.iterationCount());
    }

    /** Whether masks were saved. */
    public boolean hasMasks() {
        return masks != null;
    }

    /** The last pruning event, or {@code null} if none. */
    public PruningEvent lastEvent() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }
}
