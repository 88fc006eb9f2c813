package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.mask.MaskEnforcer;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import org.deeplearning4j.nn.api.Model;

/**
 * A network read by {@link PrunedModelSerializer} and the pruning state saved with it.
 *
 * <pre>{@code
 * RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(file);
 * EnergyPruningCallback pruning = EnergyPruningCallback.builder().schedule(sameScheduleAsBefore).build();
 * r.resume(pruning);
 * r.network().addListeners(pruning);
 * r.network().fit(train, 3);   // pruned weights stay 0; the schedule continues at the saved epoch
 * }</pre>
 *
 * @param network the restored network (its epoch counter is the saved one)
 * @param state   the saved pruning state; {@code state.masks()} is {@code null} for a model saved without masks
 * @param <T>     {@code MultiLayerNetwork} or {@code ComputationGraph}
 */
public record RestoredModel<T extends Model>(T network, PruningState state) {

    /**
     * Hands the saved masks and history to a callback and applies the masks to the network now, so training can
     * continue with pruned weights held at exactly zero. A model saved without masks only gets the history.
     *
     * @return the callback, for chaining
     */
    public EnergyPruningCallback resume(EnergyPruningCallback callback) {
        if (state.hasMasks()) {
            callback.setMasks(state.masks());
            MaskEnforcer.applyToParams(NetworkAdapter.of(network), state.masks());
        }
        callback.restoreHistory(state.history());
        return callback;
    }
}
