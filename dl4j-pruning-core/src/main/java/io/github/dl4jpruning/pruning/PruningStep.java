package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.MaskEnforcer;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.select.LayerScores;
import io.github.dl4jpruning.select.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pruning step as a pipeline: score → units → select → write masks → enforce. Every part before
 * {@link #enforce} only reads the network, so a failure leaves it as it was. Energy accounting is the caller's.
 */
final class PruningStep {

    private final PruningConfig config;
    private final UnitStrategy units;
    private final Scoring scoring;

    PruningStep(PruningConfig config) {
        this.config = config;
        this.units = UnitStrategy.of(config);
        this.scoring = new Scoring(config);
    }

    /** The granularity's strategy. */
    UnitStrategy units() {
        return units;
    }

    /**
     * The layers this step prunes.
     *
     * @throws IllegalArgumentException if a configured name is unknown or not prunable, or no layer is left
     */
    List<PrunableLayer> layers(NetworkAdapter net) {
        List<PrunableLayer> layers = units.prunable(net, config.filter().resolve(net));
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("no layer to prune: prunable layers are " + net.layerNames()
                    + ", skipped: " + net.skippedLayers());
        }
        return layers;
    }

    /** What a step did: the new masks and, per pruned layer, which units are alive. */
    record Outcome(List<PrunableLayer> layers, PruneMasks masks, List<boolean[]> alive, double millis) {
    }

    /**
     * Runs the pipeline on {@code layers} (from {@link #layers}) and applies the new masks to the network.
     *
     * @param withCosts whether units carry energy costs (an energy target needs them; reports price the weights)
     */
    Outcome run(NetworkAdapter net, List<PrunableLayer> layers, PruneMasks current, Signals signals, Target target,
                boolean withCosts) {
        return run(net, layers, current, signals, target, withCosts, new ParamReads(net));
    }

    /** As {@link #run(NetworkAdapter, List, PruneMasks, Signals, Target, boolean)}, reading the weights from reads. */
    Outcome run(NetworkAdapter net, List<PrunableLayer> layers, PruneMasks current, Signals signals, Target target,
                boolean withCosts, ParamReads reads) {
        long start = System.nanoTime();
        Map<String, ScoredLayer> scored = score(net, layers, current, signals, withCosts, reads);
        List<LayerScores> candidates = units.normalise(candidates(net, layers, scored), config.scope());
        units.checkReachable(candidates, target, config.scope());
        List<boolean[]> alive = units.select(net, scored, candidates, target, config.scope());
        PruneMasks next = write(net, layers, scored, current, alive);
        // Validation is over: from here on the network changes.
        enforce(net, next);
        return new Outcome(layers, next, alive, (System.nanoTime() - start) / 1e6);
    }

    Map<String, ScoredLayer> score(NetworkAdapter net, List<PrunableLayer> layers, PruneMasks current, Signals signals,
                                   boolean withCosts) {
        return score(net, layers, current, signals, withCosts, new ParamReads(net));
    }

    Map<String, ScoredLayer> score(NetworkAdapter net, List<PrunableLayer> layers, PruneMasks current, Signals signals,
                                   boolean withCosts, ParamReads reads) {
        Map<String, ScoredLayer> scored = new LinkedHashMap<>();
        for (PrunableLayer l : units.scored(net, layers)) {
            scored.put(l.name(), scoring.score(l, current, signals, withCosts, reads));
        }
        return scored;
    }

    List<LayerScores> candidates(NetworkAdapter net, List<PrunableLayer> layers, Map<String, ScoredLayer> scored) {
        Map<String, double[]> limits = new HashMap<>();
        for (String name : config.limitedLayers()) {
            limits.put(net.canonicalName(name), config.limits(name));
        }
        double[] defaults = config.limits(null);
        List<LayerScores> candidates = new ArrayList<>();
        for (PrunableLayer l : layers) {
            candidates.add(units.units(net, l, scored, limits.getOrDefault(l.name(), defaults), config.energyModel()));
        }
        return candidates;
    }

    PruneMasks write(NetworkAdapter net, List<PrunableLayer> layers, Map<String, ScoredLayer> scored,
                     PruneMasks current, List<boolean[]> alive) {
        PruneMasks next = current.copy();
        for (int k = 0; k < layers.size(); k++) {
            units.write(net, next, layers.get(k), scored, alive.get(k));
        }
        return next;
    }

    /** {@link MaskEnforcer#applyToParams} then {@link MaskEnforcer#zeroUpdaterState}, bit for bit, written in place. */
    static void enforce(NetworkAdapter net, PruneMasks masks) {
        MaskWrite.apply(net, masks);
    }
}
