package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.energy.LayerEnergy;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.stats.ActivationStats;
import java.util.List;
import java.util.Map;

/**
 * The dense energy estimate of a callback's network, kept from before its first pruning step, for energy models whose
 * dense estimate depends on the weights ({@link EnergyModel#denseEnergyDependsOnWeights()}, e.g. the seed model's
 * {@code E = |w| * p * c}): recomputed from pruned weights it would equal the pruned estimate ("0.0% below dense").
 * The total is the first pruning event's {@code energyDense}, so it survives a save and restore with the history;
 * the per-layer figures (for {@link EnergyPruningCallback#report}) are kept in memory only.
 */
final class DenseBaseline {

    private Map<String, LayerEnergy> byLayer;

    /** Records each layer's dense energy if no step ran yet and the model's dense estimate depends on the weights. */
    void captureBeforeFirstStep(List<PruningEvent> history, NetworkAdapter net, ActivationStats stats,
                                EnergyModel model) {
        if (!history.isEmpty() || byLayer != null || !model.denseEnergyDependsOnWeights()) {
            return;
        }
        if (stats != null && !stats.isEmpty()) {
            net.resolveUses(stats.shapes());
        }
        for (PrunableLayer l : net.layers()) {
            if (l.usesPerInference() <= 0) {
                return;
            }
        }
        byLayer = PruningReport.of(net, stats, model).denseByLayer();
    }

    /** Forgets the per-layer figures (the history was replaced: its first event now holds the total). */
    void forget() {
        byLayer = null;
    }

    /** The event with its dense energy replaced by the baseline's (the first event's), where the model needs it. */
    PruningEvent correct(PruningEvent event, List<PruningEvent> history, EnergyModel model) {
        if (history.isEmpty() || !model.denseEnergyDependsOnWeights()) {
            return event;
        }
        double baseline = history.get(0).energyDense();
        if (Double.isNaN(baseline) || Double.isNaN(event.energyDense())) {
            return event;
        }
        return new PruningEvent(event.epoch(), event.iteration(), event.target(), event.sparsityByLayer(),
                event.sparsity(), event.granularity(), event.unitSparsity(), event.energyBefore(), event.energyAfter(),
                baseline, event.energyUnit(), event.newlyPruned(), event.millis());
    }

    /** The report of the bound network, with the kept per-layer dense energies where there are any. */
    PruningReport report(NetworkAdapter net, ActivationStats stats, EnergyModel model) {
        PruningReport report = PruningReport.of(net, stats, model);
        return byLayer == null || !model.denseEnergyDependsOnWeights() ? report : report.withDenseEnergy(byLayer);
    }
}
