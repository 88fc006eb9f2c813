package io.github.dl4jpruning.criteria;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The built-in criteria.
 *
 * <pre>{@code
 * PruningCriterion c = Criteria.energyAware();
 * }</pre>
 */
public final class Criteria {

    /** Name to factory, in the order the benchmark compares them; the one list of names. */
    private static final Map<String, Supplier<PruningCriterion>> BY_NAME = new LinkedHashMap<>();
    /** The criteria the benchmark's sweep compares (one-shot and AGP rows, charts), in this order. */
    private static final List<String> COMPARED =
            List.of("random", "magnitude", "activation-weighted", "seed-energy", "energy-aware");

    static {
        BY_NAME.put("random", Criteria::random);
        BY_NAME.put("magnitude", Criteria::magnitude);
        BY_NAME.put("activation-weighted", Criteria::activationWeighted);
        BY_NAME.put("seed-energy", Criteria::seedEnergy);
        BY_NAME.put("energy-aware", Criteria::energyAware);
        BY_NAME.put("seed-energy-highest", () -> seedEnergy(SeedDirection.PRUNE_HIGHEST));
        BY_NAME.put("taylor", Criteria::taylor);
        BY_NAME.put("fisher", FisherCriterion::new);
    }

    private Criteria() {
    }

    /** Every built-in criterion's name, as {@link #byName} accepts it. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The criteria a benchmark compares at one target: the random control, magnitude, activation-weighted, the seed
     * document's energy and energy-aware (those that need no gradients, so one-shot pruning works).
     */
    public static List<String> compared() {
        return COMPARED;
    }

    /** {@code |w|}: the classic magnitude criterion (Han et al., NIPS 2015). */
    public static PruningCriterion magnitude() {
        return new Simple("magnitude", Set.of()) {
            @Override
            public double[] importance(ScoringContext ctx) {
                double[] w = ctx.weights();
                double[] s = new double[w.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = Math.abs(w[i]);
                }
                return s;
            }
        };
    }

    /** {@code |w| * rms(a_in)}: how much signal the connection carries. */
    public static PruningCriterion activationWeighted() {
        return new Simple("activation-weighted", Set.of(Signal.ACTIVATION_STATS)) {
            @Override
            public double[] importance(ScoringContext ctx) {
                double[] rms = ctx.perWeight(ctx.requireStats(name()).rms());
                double[] w = ctx.weights();
                for (int i = 0; i < rms.length; i++) {
                    rms[i] *= Math.abs(w[i]);
                }
                return rms;
            }
        };
    }

    /**
     * The source document's energy {@code E = |w| * p * c}. The document contradicts itself on the direction; this
     * makes it explicit. {@link SeedDirection#PRUNE_LOWEST} (the default) removes the connections that carry the least
     * activity.
     */
    public static PruningCriterion seedEnergy(SeedDirection direction) {
        if (direction == null) {
            throw new IllegalArgumentException("direction must be PRUNE_LOWEST or PRUNE_HIGHEST, got null");
        }
        String name = direction == SeedDirection.PRUNE_LOWEST ? "seed-energy" : "seed-energy-highest";
        return new Simple(name, Set.of(Signal.ACTIVATION_STATS)) {
            @Override
            public double[] importance(ScoringContext ctx) {
                ctx.requireStats(name());
                double[] e = new io.github.dl4jpruning.energy.SeedEnergyModel()
                        .computeCosts(ctx.layer(), ctx.weights(), ctx.inputFiringProbability());
                if (direction == SeedDirection.PRUNE_HIGHEST) {
                    for (int i = 0; i < e.length; i++) {
                        e[i] = -e[i];
                    }
                }
                return e;
            }
        };
    }

    /** The document's energy, pruning the lowest first. */
    public static PruningCriterion seedEnergy() {
        return seedEnergy(SeedDirection.PRUNE_LOWEST);
    }

    /**
     * First-order Taylor {@code |w * g|}, accumulated over the iterations since the last pruning event (Molchanov et
     * al., ICLR 2017).
     */
    public static PruningCriterion taylor() {
        return new Simple("taylor", Set.of(Signal.GRADIENTS)) {
            @Override
            public double[] importance(ScoringContext ctx) {
                return ctx.requireAccumulated(name()).clone();
            }

            @Override
            public SignalCollector collector() {
                return new GradientAccumulator((w, g, out) -> Transforms.abs(w.mul(g, out), false));
            }
        };
    }

    /** Uniform random scores from a seed: the control every other criterion must beat. */
    public static PruningCriterion random() {
        return new Simple("random", Set.of()) {
            @Override
            public double[] importance(ScoringContext ctx) {
                SplittableRandom rng = new SplittableRandom(ctx.seed() * 0x9E3779B97F4A7C15L + ctx.layer().name().hashCode());
                double[] s = new double[ctx.weights().length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = rng.nextDouble();
                }
                return s;
            }
        };
    }

    /**
     * Energy-aware: signal per picojoule. The saliency {@code |w| * rms(a_in)} divided by the energy the energy model
     * says the weight costs, so the weights pruned first are those that buy the least signal for their energy, and an
     * energy target is reached with the least loss (Yang, Chen, Sze, CVPR 2017, prune where the energy is).
     */
    public static PruningCriterion energyAware() {
        return energyAware(activationWeighted());
    }

    /** Energy-aware with another saliency in the numerator. */
    public static PruningCriterion energyAware(PruningCriterion saliency) {
        if (saliency == null) {
            throw new IllegalArgumentException("saliency must not be null");
        }
        Set<Signal> signals = EnumSet.of(Signal.ACTIVATION_STATS, Signal.COSTS);
        signals.addAll(saliency.signals());
        return new Simple("energy-aware", signals) {
            @Override
            public double[] importance(ScoringContext ctx) {
                double[] s = saliency.importance(ctx);
                double[] cost = ctx.requireCosts();
                if (s == ctx.weights() || s == cost) {
                    // A saliency that hands back the context's own array: dividing in place would change the
                    // weights the step's energy estimate reads, or the costs selection reads.
                    s = s.clone();
                }
                for (int i = 0; i < s.length; i++) {
                    s[i] = s[i] == 0 ? 0 : s[i] / Math.max(cost[i], Double.MIN_NORMAL);
                }
                return s;
            }

            @Override
            public SignalCollector collector() {
                return saliency.collector();
            }

            @Override
            public boolean leavesContextUnchanged() {
                return saliency.leavesContextUnchanged();
            }
        };
    }

    /**
     * A built-in criterion by name, one of {@link #names()}.
     *
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    public static PruningCriterion byName(String name) {
        Supplier<PruningCriterion> f = name == null ? null : BY_NAME.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown criterion '" + name + "'; expected one of "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return f.get();
    }

    private abstract static class Simple implements PruningCriterion {
        private final String name;
        private final Set<Signal> signals;

        Simple(String name, Set<Signal> signals) {
            this.name = name;
            this.signals = Collections.unmodifiableSet(signals.isEmpty() ? EnumSet.noneOf(Signal.class)
                    : EnumSet.copyOf(signals));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<Signal> signals() {
            return signals;
        }

        /** The built-in criteria read their context and return a new array. */
        @Override
        public boolean leavesContextUnchanged() {
            return true;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
