package io.github.dl4jpruning.criteria;

import java.util.SplittableRandom;

/**
 * The built-in criteria.
 *
 * <pre>{@code
 * PruningCriterion c = Criteria.energyAware();
 * }</pre>
 */
public final class Criteria {

    private Criteria() {
    }

    /** {@code |w|}: the classic magnitude criterion (Han et al., NIPS 2015). */
    public static PruningCriterion magnitude() {
        return new Simple("magnitude", false, false) {
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
        return new Simple("activation-weighted", true, false) {
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
        return new Simple(name, true, false) {
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
        return new Simple("taylor", false, true) {
            @Override
            public double[] importance(ScoringContext ctx) {
                if (ctx.taylor() == null) {
                    throw new IllegalStateException("criterion 'taylor' needs accumulated gradients for layer '"
                            + ctx.layer().name() + "', but none were collected: prune from an EnergyPruningCallback "
                            + "that was attached during fit()");
                }
                return ctx.taylor().clone();
            }
        };
    }

    /** Uniform random scores from a seed: the control every other criterion must beat. */
    public static PruningCriterion random() {
        return new Simple("random", false, false) {
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
        return new Simple("energy-aware", true, saliency.needsGradients()) {
            @Override
            public double[] importance(ScoringContext ctx) {
                double[] s = saliency.importance(ctx);
                double[] cost = ctx.energyModel().weightCosts(ctx.layer(), ctx.weights(), ctx.inputFiringProbability());
                for (int i = 0; i < s.length; i++) {
                    s[i] = s[i] == 0 ? 0 : s[i] / Math.max(cost[i], Double.MIN_NORMAL);
                }
                return s;
            }
        };
    }

    /**
     * A built-in criterion by name: {@code magnitude, activation-weighted, seed-energy, seed-energy-highest, taylor,
     * random, energy-aware}.
     */
    public static PruningCriterion byName(String name) {
        return switch (name) {
            case "magnitude" -> magnitude();
            case "activation-weighted" -> activationWeighted();
            case "seed-energy" -> seedEnergy();
            case "seed-energy-highest" -> seedEnergy(SeedDirection.PRUNE_HIGHEST);
            case "taylor" -> taylor();
            case "random" -> random();
            case "energy-aware" -> energyAware();
            default -> throw new IllegalArgumentException("unknown criterion '" + name + "'; expected one of magnitude, "
                    + "activation-weighted, seed-energy, seed-energy-highest, taylor, random, energy-aware");
        };
    }

    private abstract static class Simple implements PruningCriterion {
        private final String name;
        private final boolean stats;
        private final boolean gradients;

        Simple(String name, boolean stats, boolean gradients) {
            this.name = name;
            this.stats = stats;
            this.gradients = gradients;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean needsActivationStats() {
            return stats;
        }

        @Override
        public boolean needsGradients() {
            return gradients;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
