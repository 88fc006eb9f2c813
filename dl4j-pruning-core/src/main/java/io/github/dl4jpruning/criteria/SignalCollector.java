package io.github.dl4jpruning.criteria;

import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.Map;

/**
 * Accumulates what a criterion needs from training, between two pruning steps. A criterion creates one
 * ({@link PruningCriterion#collector()}); the {@code EnergyPruningCallback} drives it: {@link #onGradient} after each
 * gradient calculation, {@link #values()} at a pruning step, {@link #reset()} after it.
 *
 * <pre>{@code
 * SignalCollector c = new GradientAccumulator((w, g, out) -> w.mul(g, out));   // sums w * g
 * }</pre>
 */
public interface SignalCollector {

    /** Called after each gradient calculation of {@code net} (the gradient is {@code net.gradient()}). */
    void onGradient(NetworkAdapter net);

    /** Per weight key, the accumulated values, c-order flattened (empty if nothing was collected). */
    Map<String, double[]> values();

    /** Forgets what was collected (after a pruning step). */
    void reset();
}
