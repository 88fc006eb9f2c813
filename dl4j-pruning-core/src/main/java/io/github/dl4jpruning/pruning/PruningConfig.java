package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.criteria.PruningCriterion;
import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.energy.HardwareEnergyModel;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a pruning step does, built once and shared by the standalone {@link Pruner} and the
 * {@link EnergyPruningCallback}: criterion, energy model, scope, granularity, which layers, sparsity bounds, seed and
 * what a target counts. Immutable.
 *
 * <pre>{@code
 * PruningConfig config = PruningConfig.builder().criterion(Criteria.energyAware()).scope(Scope.GLOBAL).build();
 * EnergyPruningCallback pruning = EnergyPruningCallback.builder(config).schedule(schedule).build();
 * Pruner pruner = new Pruner(config);   // the same step, outside fit()
 * }</pre>
 */
public final class PruningConfig {

    private final PruningCriterion criterion;
    private final EnergyModel energyModel;
    private final Scope scope;
    private final Granularity granularity;
    private final LayerFilter filter;
    private final double minSparsity;
    private final double maxSparsity;
    private final Map<String, double[]> layerLimits;
    private final long seed;
    private final Target.Kind targetKind;
    private final int minUnitsKept;
    private final double minFractionKept;

    private PruningConfig(Builder b) {
        this.criterion = b.criterion;
        this.energyModel = b.energyModel;
        this.scope = b.scope;
        this.granularity = b.granularity;
        this.filter = new LayerFilter(b.include, b.exclude);
        this.minSparsity = b.minSparsity;
        this.maxSparsity = b.maxSparsity;
        Map<String, double[]> limits = new HashMap<>();
        b.layerLimits.forEach((k, v) -> limits.put(k, v.clone()));
        this.layerLimits = Collections.unmodifiableMap(limits);
        this.seed = b.seed;
        this.targetKind = b.targetKind;
        this.minUnitsKept = b.minUnitsKept;
        this.minFractionKept = b.minFractionKept;
    }

    /** Defaults: magnitude, Horowitz fp32 hardware model, per layer, single weights, all layers, sparsity targets. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults of {@link #builder()}. */
    public static PruningConfig defaults() {
        return builder().build();
    }

    public PruningCriterion criterion() {
        return criterion;
    }

    public EnergyModel energyModel() {
        return energyModel;
    }

    public Scope scope() {
        return scope;
    }

    public Granularity granularity() {
        return granularity;
    }

    /** Whether a schedule's targets are sparsities or energy reductions. */
    public Target.Kind targetKind() {
        return targetKind;
    }

    public long seed() {
        return seed;
    }

    /**
     * How many of a structured group's {@code n} units structured pruning always keeps:
     * {@code max(minUnitsKept, ceil(minFractionKept * n))}, at most {@code n}. Default {@code max(1, ceil(0.1 n))}.
     */
    public int unitsKept(int n) {
        return (int) Math.min(n, Math.max(minUnitsKept, Math.ceil(minFractionKept * n - 1e-9)));
    }

    LayerFilter filter() {
        return filter;
    }

    /** The {min, max} sparsity of a layer (by the name it was configured with, or the defaults). */
    double[] limits(String configuredName) {
        double[] l = layerLimits.get(configuredName);
        return l == null ? new double[] {minSparsity, maxSparsity} : l.clone();
    }

    /** The layer names with their own bounds, as configured. */
    Set<String> limitedLayers() {
        return layerLimits.keySet();
    }

    /** Builder for {@link PruningConfig}. */
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
        private Target.Kind targetKind = Target.Kind.SPARSITY;
        private int minUnitsKept = 1;
        private double minFractionKept = 0.1;

        private Builder() {
        }

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
         * Prune only these layers: indices or DL4J layer names ({@code .name("hidden")}) of a MultiLayerNetwork,
         * vertex names of a ComputationGraph.
         */
        public Builder layers(String... names) {
            include.addAll(List.of(names));
            return this;
        }

        /**
         * Prune only these layer indices of a MultiLayerNetwork.
         *
         * @throws IllegalArgumentException if an index is negative
         */
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

        /**
         * Every included layer ends with a sparsity in [min, max].
         *
         * @throws IllegalArgumentException unless {@code 0 <= min < 1}, {@code 0 < max <= 1} and {@code min <= max}
         */
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

        /** Whether targets are sparsities (default) or energy reductions. */
        public Builder targetKind(Target.Kind kind) {
            if (kind == null) {
                throw new IllegalArgumentException("targetKind must be SPARSITY or ENERGY, got null");
            }
            this.targetKind = kind;
            return this;
        }

        /**
         * The minimum each layer (structured group) keeps when pruning whole neurons/filters: at least
         * {@code atLeast} units and at least {@code fraction} of them (default 1 and 0.1, so global ranking never
         * empties a layer). A target that can only be met below these minimums fails with an exception naming the
         * layers. {@code minUnitsKept(0, 0)} allows emptying layers.
         *
         * @throws IllegalArgumentException unless {@code atLeast >= 0} and {@code 0 <= fraction <= 1}
         */
        public Builder minUnitsKept(int atLeast, double fraction) {
            if (atLeast < 0 || !(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("minUnitsKept: expected atLeast >= 0 and 0 <= fraction <= 1, got "
                        + "atLeast=" + atLeast + ", fraction=" + fraction);
            }
            this.minUnitsKept = atLeast;
            this.minFractionKept = fraction;
            return this;
        }

        public PruningConfig build() {
            return new PruningConfig(this);
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
