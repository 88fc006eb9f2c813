package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.mask.MaskEnforcer;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The listener {@link ParallelPruning} gives to DL4J's {@code ParallelWrapper}: it holds the current prune masks on
 * every worker's copy of the network (gradients masked before each update, parameters after it, the updater state of
 * pruned entries zeroed once per copy and set of masks) and never prunes. It also feeds the callback's own statistics
 * listener ({@code collectStatistics}), which is thread-safe, from every worker. Thread-safe: the masks are an immutable
 * snapshot published between {@code fit} calls, and the per-copy bookkeeping is synchronized.
 */
final class WorkerMasks extends BaseTrainingListener {

    private volatile PruneMasks masks = new PruneMasks();
    private final Map<Model, NetworkAdapter> seen = new IdentityHashMap<>();
    private final ActivationStatsListener statistics;

    /** @param statistics the callback's own statistics listener, fed from every worker, or {@code null} */
    WorkerMasks(ActivationStatsListener statistics) {
        this.statistics = statistics;
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        if (statistics != null) {
            statistics.onForwardPass(model, activations);
        }
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        if (statistics != null) {
            statistics.onForwardPass(model, activations);
        }
    }

    /** Replaces the masks every worker holds (call between {@code fit} calls, never during one). */
    void publish(PruneMasks current) {
        PruneMasks snapshot = current.copy();
        synchronized (seen) {
            masks = snapshot;
            seen.clear();
        }
    }

    private NetworkAdapter adapter(Model model, PruneMasks m) {
        synchronized (seen) {
            NetworkAdapter net = seen.get(model);
            if (net == null) {
                net = NetworkAdapter.of(model);
                // A worker copy may hold weights and optimizer state from before the latest pruning step.
                MaskEnforcer.applyToParams(net, m);
                MaskEnforcer.zeroUpdaterState(net, m);
                seen.put(model, net);
            }
            return net;
        }
    }

    @Override
    public void onGradientCalculation(Model model) {
        PruneMasks m = masks;
        if (!m.isEmpty()) {
            adapter(model, m);
            MaskEnforcer.applyToGradients(model.gradient(), m);
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        PruneMasks m = masks;
        if (!m.isEmpty()) {
            MaskEnforcer.applyToParams(adapter(model, m), m);
        }
    }
}
