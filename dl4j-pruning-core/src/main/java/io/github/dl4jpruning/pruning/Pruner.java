package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.criteria.PruningCriterion;
import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.energy.LayerEnergy;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.select.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes a network once, outside {@code fit()}: checks the signals the criterion needs, estimates the energy before,
 * runs the step (score → units → select → write masks → enforce) and estimates the energy after. Everything is checked
 * before the network is touched: a bad layer name, missing statistics, NaN weights or an impossible configuration
 * leave the network as it was.
 *
 * <pre>{@code
 * Pruner pruner = new Pruner(PruningConfig.builder().scope(Scope.GLOBAL).build());
 * PruneMasks masks = pruner.prune(NetworkAdapter.of(net), new PruneMasks(), Signals.none(), Target.sparsity(0.9))
 *         .masks();
 * }</pre>
 */
public final class Pruner {
    private static final Logger log = LoggerFactory.getLogger(Pruner.class);

    private final PruningConfig config;
    private final PruningStep step;

    /** A pruner for {@code config}. */
    public Pruner(PruningConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null (use PruningConfig.defaults())");
        }
        this.config = config;
        this.step = new PruningStep(config);
    }

    public PruningConfig config() {
        return config;
    }

    public PruningCriterion criterion() {
        return config.criterion();
    }

    /** The result of a step: the new masks and what happened. */
    public record Result(PruneMasks masks, PruningEvent event) {
    }

    /**
     * Prunes towards {@code target} and applies the masks to the network.
     *
     * @param net     the network
     * @param current the masks so far (not modified)
     * @param signals activation statistics and accumulated values the criterion reads ({@link Signals#none()} for
     *                magnitude or random)
     * @param target  sparsity or energy reduction
     * @return the new masks (a superset of {@code current}) and the event
     * @throws IllegalArgumentException if a configured layer is unknown or not prunable, or a weight is not finite
     * @throws IllegalStateException    if the criterion needs a signal that {@code signals} lacks
     */
    public Result prune(NetworkAdapter net, PruneMasks current, Signals signals, Target target) {
        if (signals.hasStats()) {
            net.resolveUses(signals.stats().shapes());
        }
        List<PrunableLayer> layers = step.layers(net);
        PruningCriterion criterion = config.criterion();
        if (criterion.needsActivationStats() && !signals.hasStats()) {
            throw new IllegalStateException("criterion '" + criterion.name() + "' needs activation statistics, but none "
                    + "were collected: attach an ActivationStatsListener during fit() or run Calibration.run(...)");
        }
        if (criterion.needsGradients() && signals.accumulated().isEmpty()) {
            throw new IllegalStateException("criterion '" + criterion.name() + "' needs gradients accumulated during "
                    + "fit(), but none were collected: use it from an EnergyPruningCallback attached before fit()");
        }
        // Without an input type or statistics a convolution's uses per inference are unknown: a sparsity target
        // with a criterion that ignores energy can still run, and the event then reports no energy.
        boolean energyKnown = net.layers().stream().allMatch(l -> l.usesPerInference() > 0);
        // Each parameter is read once: the estimate before, the scoring and the estimate after share the copies.
        ParamReads reads = new ParamReads(net);
        LayerEnergy before = energyKnown
                ? PruningReport.totalEnergy(net, signals.stats(), config.energyModel(), reads::get) : null;
        // Only an energy target selects by cost; the reports price the weights themselves, so a sparsity target
        // keeps no per-weight costs (unless its criterion asks for them).
        PruningStep.Outcome o = step.run(net, layers, current, signals, target, target.kind() == Target.Kind.ENERGY,
                reads);
        LayerEnergy after = null;
        if (energyKnown) {
            // The copies become what the masks left in the network (pruned entries +0.0); a layer not read yet is.
            reads.applyMasks(o.masks());
            after = PruningReport.totalEnergy(net, signals.stats(), config.energyModel(), reads::get);
        }
        PruningEvent event = event(net, current, o, target, before, after);
        log.info(event.summary());
        if (target.kind() == Target.Kind.ENERGY && layers.size() == net.layers().size()
                && event.energyReduction() < target.value() - 1e-6) {
            log.warn("energy target {} not reached ({} below dense): the sparsity bounds or the costs no pruning "
                    + "removes limit it", target.value(), event.energyReduction());
        }
        return new Result(o.masks(), event);
    }

    /**
     * Checks the configured layer names against a network, so that a typo fails before training starts.
     *
     * @throws IllegalArgumentException naming the unknown or unsupported layer
     */
    public void checkLayers(NetworkAdapter net) {
        step.layers(net);
    }

    private PruningEvent event(NetworkAdapter net, PruneMasks current, PruningStep.Outcome o, Target target,
                               LayerEnergy before, LayerEnergy after) {
        PruneMasks next = o.masks();
        Map<String, Double> byLayer = new LinkedHashMap<>();
        long total = 0;
        long pruned = 0;
        long newly = 0;
        for (PrunableLayer l : o.layers()) {
            byLayer.put(l.name(), next.sparsity(l.weightKey()));
            total += next.size(l.weightKey());
            pruned += next.prunedCount(l.weightKey());
            newly += next.prunedCount(l.weightKey()) - current.prunedCount(l.weightKey());
        }
        long units = 0;
        long unitsPruned = 0;
        if (step.units() instanceof WeightUnits) {
            // Each weight is a unit and its flags are the masks just written: their counts, without a walk over the
            // flags (at 100M weights that walk took about 0.1 s).
            units = total;
            unitsPruned = pruned;
        } else {
            for (boolean[] a : o.alive()) {
                units += a.length;
                for (boolean b : a) {
                    unitsPruned += b ? 0 : 1;
                }
            }
        }
        return new PruningEvent(net.epochCount(), net.iterationCount(), target, byLayer,
                total == 0 ? 0 : (double) pruned / total, step.units().name(),
                units == 0 ? 0 : (double) unitsPruned / units,
                before == null ? Double.NaN : before.pruned(), after == null ? Double.NaN : after.pruned(),
                // The dense figure from before this step: a model whose costs depend on the weights (E = |w|*p*c) would
                // price the pruned weights at 0 after it. For any other model before and after give the same sum.
                before == null ? Double.NaN : before.dense(),
                config.energyModel().unit(), newly, o.millis());
    }
}
