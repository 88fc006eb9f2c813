package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.criteria.PruningCriterion;
import io.github.dl4jpruning.criteria.ScoringContext;
import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.energy.HardwareEnergyModel;
import io.github.dl4jpruning.mask.MaskEnforcer;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.LayerKind;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.network.Weights;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.LayerScores;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Selector;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.NeuronStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pruning step: score every weight (or neuron) of the included layers with a criterion, select the least
 * important up to a target, update the prune masks and apply them to the network's parameters and optimizer state.
 * Everything is checked before the network is touched: a bad layer name, missing statistics, NaN weights or an
 * impossible configuration leave the network as it was.
 *
 * <pre>{@code
 * Pruner pruner = Pruner.builder().criterion(Criteria.magnitude()).scope(Scope.GLOBAL).build();
 * PruneMasks masks = pruner.prune(NetworkAdapter.of(net), new PruneMasks(), null, null, Target.sparsity(0.9)).masks();
 * }</pre>
 */
public final class Pruner {
    private static final Logger log = LoggerFactory.getLogger(Pruner.class);

    private final PruningCriterion criterion;
    private final EnergyModel energyModel;
    private final Scope scope;
    private final Granularity granularity;
    private final LayerFilter filter;
    private final double minSparsity;
    private final double maxSparsity;
    private final Map<String, double[]> layerLimits;
    private final long seed;

    private Pruner(Builder b) {
        this.criterion = b.criterion;
        this.energyModel = b.energyModel;
        this.scope = b.scope;
        this.granularity = b.granularity;
        this.filter = new LayerFilter(b.include, b.exclude);
        this.minSparsity = b.minSparsity;
        this.maxSparsity = b.maxSparsity;
        this.layerLimits = new HashMap<>(b.layerLimits);
        this.seed = b.seed;
    }

    /** Defaults: magnitude, Horowitz fp32 hardware model, per layer, single weights, all prunable layers. */
    public static Builder builder() {
        return new Builder();
    }

    public PruningCriterion criterion() {
        return criterion;
    }

    public EnergyModel energyModel() {
        return energyModel;
    }

    public Granularity granularity() {
        return granularity;
    }

    /** The result of a step: the new masks and what happened. */
    public record Result(PruneMasks masks, PruningEvent event) {
    }

    /**
     * Prunes towards {@code target} and applies the masks to the network.
     *
     * @param net     the network
     * @param current the masks so far (not modified)
     * @param stats   activation statistics, or {@code null}
     * @param taylor  per weight key, accumulated {@code |w * g|}, or {@code null}
     * @param target  sparsity or energy reduction
     * @return the new masks (a superset of {@code current}) and the event
     */
    public Result prune(NetworkAdapter net, PruneMasks current, ActivationStats stats, Map<String, double[]> taylor,
                        Target target) {
        if (stats != null && !stats.isEmpty()) {
            net.resolveUses(stats.shapes());
        }
        List<PrunableLayer> layers = units(net);
        if (criterion.needsActivationStats() && (stats == null || stats.isEmpty())) {
            throw new IllegalStateException("criterion '" + criterion.name() + "' needs activation statistics, but none "
                    + "were collected: attach an ActivationStatsListener during fit() or run Calibration.run(...)");
        }
        if (criterion.needsGradients() && (taylor == null || taylor.isEmpty())) {
            throw new IllegalStateException("criterion '" + criterion.name() + "' needs gradients accumulated during "
                    + "fit(), but none were collected: use it from an EnergyPruningCallback attached before fit()");
        }
        // Without an input type or statistics a convolution's uses per inference are unknown: a sparsity target
        // with a criterion that ignores energy can still run, and the event then reports no energy.
        boolean energyKnown = net.layers().stream().allMatch(l -> l.usesPerInference() > 0);
        PruningReport before = energyKnown ? PruningReport.of(net, stats, energyModel) : null;
        double energyBefore = before == null ? Double.NaN : before.total().pruned();

        // The event's time covers the step itself, not the two reports around it.
        long start = System.nanoTime();
        Map<String, ScoredLayer> scored = new LinkedHashMap<>();
        for (PrunableLayer l : layersToScore(net, layers)) {
            scored.put(l.name(), score(net, l, current, stats, taylor, energyKnown || target.kind() == Target.Kind.ENERGY));
        }
        Map<String, double[]> limits = new HashMap<>();
        layerLimits.forEach((name, lim) -> limits.put(net.canonicalName(name), lim));
        List<LayerScores> candidates = new ArrayList<>();
        for (PrunableLayer l : layers) {
            candidates.add(granularity == Granularity.WEIGHTS ? weightUnits(scored.get(l.name()), limits)
                    : neuronUnits(scored.get(l.name()), scored.get(l.successor()), limits));
        }
        List<boolean[]> alive = Selector.select(candidates, target, scope);

        PruneMasks next = current.copy();
        for (int k = 0; k < layers.size(); k++) {
            ScoredLayer s = scored.get(layers.get(k).name());
            if (granularity == Granularity.WEIGHTS) {
                writeWeightMask(next, s, alive.get(k));
            } else {
                writeNeuronMasks(net, next, s, scored.get(s.layer.successor()), alive.get(k));
            }
        }
        // Validation is over: from here on the network changes.
        MaskEnforcer.applyToParams(net, next);
        MaskEnforcer.zeroUpdaterState(net, next);
        double millis = (System.nanoTime() - start) / 1e6;

        PruningReport after = energyKnown ? PruningReport.of(net, stats, energyModel) : null;
        Map<String, Double> byLayer = new LinkedHashMap<>();
        long total = 0;
        long pruned = 0;
        long newly = 0;
        for (PrunableLayer l : layers) {
            byLayer.put(l.name(), next.sparsity(l.weightKey()));
            total += next.size(l.weightKey());
            pruned += next.prunedCount(l.weightKey());
            newly += next.prunedCount(l.weightKey()) - current.prunedCount(l.weightKey());
        }
        long units = 0;
        long unitsPruned = 0;
        for (boolean[] a : alive) {
            units += a.length;
            for (boolean b : a) {
                unitsPruned += b ? 0 : 1;
            }
        }
        PruningEvent event = new PruningEvent(net.epochCount(), net.iterationCount(), target, byLayer,
                total == 0 ? 0 : (double) pruned / total, granularity.name().toLowerCase(java.util.Locale.ROOT),
                units == 0 ? 0 : (double) unitsPruned / units, energyBefore, after == null ? Double.NaN : after.total().pruned(),
                // The dense figure from before this step: a model whose costs depend on the weights (E = |w|*p*c) would
                // price the pruned weights at 0 after it. For any other model before and after give the same sum.
                before == null ? Double.NaN : before.total().dense(),
                energyModel.unit(), newly, millis);
        log.info(event.summary());
        if (target.kind() == Target.Kind.ENERGY && layers.size() == net.layers().size()
                && event.energyReduction() < target.value() - 1e-6) {
            log.warn("energy target {} not reached ({} below dense): the sparsity bounds or the costs no pruning "
                    + "removes limit it", target.value(), event.energyReduction());
        }
        return new Result(next, event);
    }

    private List<PrunableLayer> units(NetworkAdapter net) {
        List<PrunableLayer> layers = filter.resolve(net);
        if (granularity == Granularity.NEURONS) {
            List<PrunableLayer> structured = new ArrayList<>();
            for (PrunableLayer l : layers) {
                if (l.kind() == LayerKind.OUTPUT) {
                    continue;
                }
                PrunableLayer succ = l.successor() == null ? null : net.layer(l.successor()).orElse(null);
                if (succ == null) {
                    log.info("Layer '{}' is not pruned by neurons: no prunable layer reads its output directly", l.name());
                    continue;
                }
                if (succ.kind() == LayerKind.CONV2D && succ.nIn() != l.nOut()
                        || succ.kind() != LayerKind.CONV2D && succ.nIn() % l.nOut() != 0) {
                    log.info("Layer '{}' is not pruned by neurons: its successor '{}' has nIn={} for {} outputs",
                            l.name(), succ.name(), succ.nIn(), l.nOut());
                    continue;
                }
                structured.add(l);
            }
            layers = structured;
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("no layer to prune: prunable layers are " + net.layerNames()
                    + ", skipped: " + net.skippedLayers());
        }
        return layers;
    }

    private List<PrunableLayer> layersToScore(NetworkAdapter net, List<PrunableLayer> layers) {
        Set<PrunableLayer> all = new LinkedHashSet<>(layers);
        if (granularity == Granularity.NEURONS) {
            for (PrunableLayer l : layers) {
                all.add(net.layer(l.successor()).orElseThrow());
            }
        }
        return new ArrayList<>(all);
    }

    /**
     * Checks the configured layer names against a network, so that a typo fails before training starts.
     *
     * @throws IllegalArgumentException naming the unknown or unsupported layer
     */
    public void checkLayers(NetworkAdapter net) {
        units(net);
    }

    /** A layer's weights, mask, importance and costs. */
    private record ScoredLayer(PrunableLayer layer, double[] mask, double[] importance, double[] cost) {
    }

    private ScoredLayer score(NetworkAdapter net, PrunableLayer l, PruneMasks current, ActivationStats stats,
                              Map<String, double[]> taylor, boolean withCosts) {
        double[] w = Weights.read(net, l.weightKey());
        NeuronStats in = stats == null || stats.isEmpty() ? null : stats.inputOf(l);
        double[] t = taylor == null ? null : taylor.get(l.weightKey());
        ScoringContext ctx = new ScoringContext(l, w, in, energyModel, t, seed);
        double[] importance = criterion.importance(ctx);
        if (importance.length != w.length) {
            throw new IllegalStateException("criterion '" + criterion.name() + "' returned " + importance.length
                    + " scores for layer '" + l.name() + "' with " + w.length + " weights");
        }
        double[] cost = withCosts ? energyModel.weightCosts(l, w, ctx.inputFiringProbability()) : new double[w.length];
        return new ScoredLayer(l, current.values(l.weightKey(), l.weightShape()), importance, cost);
    }

    private double[] limits(PrunableLayer l, Map<String, double[]> byLayer) {
        return byLayer.getOrDefault(l.name(), new double[] {minSparsity, maxSparsity});
    }

    private LayerScores weightUnits(ScoredLayer s, Map<String, double[]> byLayer) {
        boolean[] alive = new boolean[s.mask.length];
        for (int i = 0; i < alive.length; i++) {
            alive[i] = s.mask[i] != 0;
        }
        double[] lim = limits(s.layer, byLayer);
        return new LayerScores(s.layer.name(), s.importance, s.cost, alive, lim[0], lim[1],
                s.layer.usesPerInference() > 0 ? neuronCost(s.layer) * s.layer.nOut() : 0);
    }

    private double neuronCost(PrunableLayer l) {
        return energyModel.neuronComputeCost(l) + energyModel.neuronMemoryCost(l);
    }

    /** Neuron {@code o} of a layer owns its incoming weights and the successor's weights that read it. */
    private LayerScores neuronUnits(ScoredLayer s, ScoredLayer succ, Map<String, double[]> byLayer) {
        int n = (int) s.layer.nOut();
        double[] importance = new double[n];
        double[] cost = new double[n];
        boolean[] alive = new boolean[n];
        for (int i = 0; i < s.mask.length; i++) {
            int o = s.layer.outputIndexOf(i);
            if (s.mask[i] != 0) {
                alive[o] = true;
                importance[o] += s.importance[i];
            }
            cost[o] += s.cost[i];
        }
        double perNeuron = s.layer.usesPerInference() > 0 ? neuronCost(s.layer) : 0;
        for (int o = 0; o < n; o++) {
            cost[o] += perNeuron;
        }
        for (int i = 0; i < succ.mask.length; i++) {
            int o = neuronReadBy(s.layer, succ.layer, i);
            if (succ.mask[i] != 0) {
                importance[o] += succ.importance[i];
            }
            cost[o] += succ.cost[i];
        }
        double[] lim = limits(s.layer, byLayer);
        return new LayerScores(s.layer.name(), importance, cost, alive, lim[0], lim[1]);
    }

    /** Which output neuron/filter of {@code layer} the successor's weight {@code i} reads. */
    private static int neuronReadBy(PrunableLayer layer, PrunableLayer succ, int i) {
        int in = succ.inputIndexOf(i);
        if (succ.kind() == LayerKind.CONV2D) {
            return in;
        }
        // A dense layer after a convolution reads a flattened [C, H, W] volume, channel-major.
        return (int) (in / (succ.nIn() / layer.nOut()));
    }

    private static void writeWeightMask(PruneMasks masks, ScoredLayer s, boolean[] alive) {
        double[] m = new double[alive.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = alive[i] ? 1 : 0;
        }
        masks.put(s.layer.weightKey(), s.layer.weightShape(), m);
    }

    private static void writeNeuronMasks(NetworkAdapter net, PruneMasks masks, ScoredLayer s, ScoredLayer succ,
                                         boolean[] alive) {
        double[] w = masks.values(s.layer.weightKey(), s.layer.weightShape());
        for (int i = 0; i < w.length; i++) {
            if (!alive[s.layer.outputIndexOf(i)]) {
                w[i] = 0;
            }
        }
        masks.put(s.layer.weightKey(), s.layer.weightShape(), w);
        if (s.layer.biasKey() != null) {
            long[] shape = net.param(s.layer.biasKey()).shape();
            double[] b = masks.values(s.layer.biasKey(), shape);
            for (int o = 0; o < b.length; o++) {
                if (!alive[o]) {
                    b[o] = 0;
                }
            }
            masks.put(s.layer.biasKey(), shape, b);
        }
        double[] next = masks.values(succ.layer.weightKey(), succ.layer.weightShape());
        for (int i = 0; i < next.length; i++) {
            if (!alive[neuronReadBy(s.layer, succ.layer, i)]) {
                next[i] = 0;
            }
        }
        masks.put(succ.layer.weightKey(), succ.layer.weightShape(), next);
    }

    /** Builder for {@link Pruner}. */
    public static final class Builder {
        private PruningCriterion criterion = Criteria.magnitude();
        private EnergyModel energyModel = HardwareEnergyModel.defaults();
        private Scope scope = Scope.PER_LAYER;
        private Granularity granularity = Granularity.WEIGHTS;
        private final Set<String> include = new LinkedHashSet<>();
        private final Set<String> exclude = new LinkedHashSet<>();
        private double minSparsity = 0;
        private double maxSparsity = 1;
        private final Map<String, double[]> layerLimits = new HashMap<>();
        private long seed = 12345;

        /** How weights are scored (default: magnitude). */
        public Builder criterion(PruningCriterion criterion) {
            this.criterion = nonNull("criterion", criterion);
            return this;
        }

        /** How energy is estimated, for energy-aware criteria, energy targets and reports (default: Horowitz fp32). */
        public Builder energyModel(EnergyModel model) {
            this.energyModel = nonNull("energyModel", model);
            return this;
        }

        /** Rank per layer (default) or globally. */
        public Builder scope(Scope scope) {
            this.scope = nonNull("scope", scope);
            return this;
        }

        /** Single weights (default) or whole neurons/filters. */
        public Builder granularity(Granularity granularity) {
            this.granularity = nonNull("granularity", granularity);
            return this;
        }

        /**
         * Prune only these layers (indices or DL4J layer names in a MultiLayerNetwork, vertex names in a
         * ComputationGraph).
         */
        public Builder layers(String... names) {
            include.addAll(List.of(names));
            return this;
        }

        /** Prune only these layer indices of a MultiLayerNetwork. */
        public Builder layers(int... indices) {
            for (int i : indices) {
                if (i < 0) {
                    throw new IllegalArgumentException("layer index must be >= 0, got " + i);
                }
                include.add(String.valueOf(i));
            }
            return this;
        }

        /** Never prune these layers. */
        public Builder excludeLayers(String... names) {
            exclude.addAll(List.of(names));
            return this;
        }

        /** Never prune these layer indices of a MultiLayerNetwork. */
        public Builder excludeLayers(int... indices) {
            for (int i : indices) {
                exclude.add(String.valueOf(i));
            }
            return this;
        }

        /** Every included layer ends with a sparsity in [min, max]. */
        public Builder sparsityBounds(double min, double max) {
            checkBounds("sparsityBounds", min, max);
            this.minSparsity = min;
            this.maxSparsity = max;
            return this;
        }

        /** Bounds for one layer, overriding {@link #sparsityBounds(double, double)}. */
        public Builder sparsityBounds(String layer, double min, double max) {
            checkBounds("sparsityBounds(" + layer + ")", min, max);
            layerLimits.put(layer, new double[] {min, max});
            return this;
        }

        /** Seed for random criteria (default 12345). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Pruner build() {
            return new Pruner(this);
        }

        private static void checkBounds(String what, double min, double max) {
            if (!(min >= 0 && min < 1) || !(max > 0 && max <= 1) || min > max) {
                throw new IllegalArgumentException(what + ": expected 0 <= min < 1, 0 < max <= 1 and min <= max, got min="
                        + min + ", max=" + max);
            }
        }

        private static <T> T nonNull(String what, T v) {
            if (v == null) {
                throw new IllegalArgumentException(what + " must not be null");
            }
            return v;
        }
    }
}
