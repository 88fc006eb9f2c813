package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.mask.MaskEnforcer;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import org.deeplearning4j.nn.api.Model;

/**
 * A network read by {@link PrunedModelSerializer} and the pruning state saved with it.
 *
 * <pre>{@code
 * RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(file);
 * EnergyPruningCallback pruning = r.resume(EnergyPruningCallback.builder(sameConfig)
 *         .collectStatistics(4).schedule(sameScheduleAsBefore).build());   // masks, statistics, history, binding
 * r.network().addListeners(pruning);
 * r.network().fit(train, 3);   // pruned weights stay 0; the schedule continues at the saved epoch
 * }</pre>
 *
 * @param network the restored network (its epoch counter is the saved one)
 * @param state   the saved pruning state; {@code state.masks()} is {@code null} for a model saved without masks
 *                (restoring such a file logs a WARN; see {@link #masksFromZeros()} to rebuild masks)
 * @param <T>     {@code MultiLayerNetwork} or {@code ComputationGraph}
 */
public record RestoredModel<T extends Model>(T network, PruningState state) {

    /**
     * Hands the saved masks, statistics and history to a callback and applies the masks to the network now, so
     * training can continue with pruned weights held at exactly zero. Saved statistics go back wherever the callback
     * reads statistics (its own listener, a listener you attached, fixed statistics); a callback that reads none gets
     * none. A model saved without masks only gets the history (and statistics). The
     * callback is bound to the restored network ({@link EnergyPruningCallback#bindTo}), so a callback that pruned the
     * network this file was saved from can carry on with the restored copy.
     *
     * @return the callback, for chaining
     * @throws IllegalArgumentException if the saved masks do not fit the callback's layers (they fit the network:
     *                                  restore checked that), or the saved statistics used another epsilon than the
     *                                  callback's listener
     */
    public EnergyPruningCallback resume(EnergyPruningCallback callback) {
        if (state.hasMasks()) {
            callback.setMasks(state.masks());
        }
        callback.bindTo(network);
        if (state.hasMasks()) {
            MaskEnforcer.applyToParams(NetworkAdapter.of(network), state.masks());
        }
        callback.restoreHistory(state.history());
        if (state.statistics() != null && callback.statistics() != null) {
            callback.restoreStatistics(state.statistics());
        }
        return callback;
    }

    /**
     * Masks rebuilt from the network's exact zeros, for a file saved without masks (by DL4J's {@code ModelSerializer}
     * or {@code CheckpointListener}). The rule: every weight of a prunable layer (dense, output, 2D convolution) that
     * is exactly {@code 0.0} is taken as pruned; biases are never masked. A weight that is zero by chance is then held
     * at zero too, which is why this is an explicit call and not done by restore.
     *
     * <pre>{@code
     * RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(dl4jCheckpoint);
     * if (!r.state().hasMasks()) {
     *     pruning.setMasks(r.masksFromZeros());
     * }
     * }</pre>
     */
    public PruneMasks masksFromZeros() {
        NetworkAdapter net = NetworkAdapter.of(network);
        PruneMasks masks = new PruneMasks();
        for (PrunableLayer l : net.layers()) {
            double[] w;
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                w = Nd4j.toFlattened('c', net.param(l.weightKey())).toDoubleVector();
            }
            double[] m = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                m[i] = w[i] == 0 ? 0 : 1;
            }
            masks.put(l.weightKey(), net.param(l.weightKey()).shape(), m);
        }
        return masks;
    }
}
