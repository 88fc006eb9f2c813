package io.github.dl4jpruning.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The linear-time {@link Selector} picks exactly the units the sorting selector it replaced picked
 * ({@link SortingSelectorOracle}), on inputs full of ties, signed zeros, subnormals, infinities, values equal in float
 * precision, already-pruned units and per-layer bounds, for both scopes and both target kinds.
 */
class SelectorOracleTest {

    /** Few distinct values, so that most units tie with others, including at the selection boundary. */
    private static final double[] TIE_VALUES = {0.0, -0.0, 1e-300, -1e-300, Double.MIN_VALUE, 1.0, 1.0 + 1e-12,
        1.0 - 1e-12, 0.5, -0.5, 2.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3.0e38, 3.5e38, 1e-3};

    record Case(List<LayerScores> layers, Target target, Scope scope) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(target + " " + scope + " sizes");
            for (LayerScores l : layers) {
                sb.append(' ').append(l.size()).append('[').append(l.minSparsity()).append(',')
                        .append(l.maxSparsity()).append(']');
            }
            return sb.toString();
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 40)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 2000)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(4000, 7000)));
        Arbitrary<LayerScores> layer = Combinators.combine(size, Arbitraries.longs(),
                Arbitraries.integers().between(0, 5), Arbitraries.doubles().between(0, 0.6),
                Arbitraries.doubles().between(0.3, 1), Arbitraries.doubles().between(0, 0.5))
                .as((n, seed, kind, min, max, prePruned) -> randomLayer(n, new Random(seed), kind, min, max,
                        prePruned));
        Arbitrary<Target> target = Arbitraries.oneOf(
                Arbitraries.doubles().between(0, 0.99).map(Target::sparsity),
                Arbitraries.of(0.0, 0.5, 0.9).map(Target::sparsity),
                Arbitraries.doubles().between(0.01, 0.99).map(Target::energyReduction));
        return Combinators.combine(layer.list().ofMinSize(1).ofMaxSize(5), target, Arbitraries.of(Scope.values()))
                .as(Case::new);
    }

    /**
     * kind 0: values from {@link #TIE_VALUES}; 1: a few small integers; 2: random doubles; 3: all equal; 4 and 5: a
     * few values that differ only in their low bits. Bounds are dropped to [0, 1] half the time.
     */
    static LayerScores randomLayer(int n, Random r, int kind, double min, double max, double prePruned) {
        double[] imp = new double[n];
        double[] cost = new double[n];
        boolean[] alive = new boolean[n];
        for (int i = 0; i < n; i++) {
            imp[i] = switch (kind) {
                case 0 -> TIE_VALUES[r.nextInt(TIE_VALUES.length)];
                case 1 -> r.nextInt(5) - 2;
                case 2 -> r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3);
                case 3 -> 0.25;
                // Equal in their top 16 (or 32) bits: the histogram's boundary bucket is crowded.
                case 4 -> 1.0 + r.nextInt(64) * 0x1p-30;
                default -> -1.0 - r.nextInt(64) * 0x1p-45;
            };
            cost[i] = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(4);
            alive[i] = r.nextDouble() >= prePruned;
        }
        boolean bounded = r.nextBoolean();
        return new LayerScores("l", imp, cost, alive, bounded ? min : 0, bounded ? max : 1, r.nextInt(3));
    }

    @Property(tries = 300)
    void selectsExactlyWhatTheSortingSelectorSelected(@ForAll("cases") Case c) {
        assertSameSelection(c);
    }

    @Example
    void aMillionTiedAndRandomWeightsSelectExactlyAsTheSortingSelector() {
        Random r = new Random(20261202);
        List<LayerScores> layers = new ArrayList<>();
        layers.add(randomLayer(400_000, r, 2, 0.2, 0.95, 0.1));
        layers.add(randomLayer(300_000, r, 0, 0, 1, 0));
        layers.add(randomLayer(250_000, r, 1, 0.1, 0.6, 0.3));
        layers.add(randomLayer(50_000, r, 3, 0, 0.4, 0));
        layers.add(randomLayer(200_000, r, 4, 0, 1, 0.05));
        layers.add(randomLayer(100_000, r, 5, 0.3, 1, 0));
        for (Scope scope : Scope.values()) {
            for (double t : new double[] {0.3, 0.9}) {
                assertSameSelection(new Case(layers, Target.sparsity(t), scope));
            }
        }
        assertSameSelection(new Case(layers, Target.energyReduction(0.6), Scope.GLOBAL));
    }

    /**
     * Energy targets with costs as an energy model gives them (a per-layer constant times a firing probability, so real
     * numbers whose running sums round), importances tied at zero as an energy-aware score of dead inputs is, and
     * targets across the range: the histogram search on the cumulative cost picks what the sorted walk picked.
     */
    @Example
    void energyTargetsWithRealValuedCostsSelectExactlyAsTheSortingSelector() {
        Random r = new Random(14);
        List<LayerScores> layers = new ArrayList<>();
        int[] sizes = {300_000, 120_000, 9_000, 40};
        for (int l = 0; l < sizes.length; l++) {
            int n = sizes[l];
            double mac = 3.7 * (l + 1);
            double[] imp = new double[n];
            double[] cost = new double[n];
            boolean[] alive = new boolean[n];
            for (int i = 0; i < n; i++) {
                double p = r.nextInt(4) == 0 ? 0 : r.nextDouble();
                imp[i] = p == 0 ? 0 : Math.abs(r.nextGaussian()) * p / (mac * p + 5.0);
                cost[i] = mac * p + 5.0;
                alive[i] = r.nextInt(10) != 0;
            }
            layers.add(new LayerScores("l" + l, imp, cost, alive, l == 1 ? 0.2 : 0, l == 2 ? 0.7 : 1, 100 * l));
        }
        for (Scope scope : Scope.values()) {
            for (double t : new double[] {0.05, 0.3, 0.5, 0.8, 0.97}) {
                assertSameSelection(new Case(layers, Target.energyReduction(t), scope));
            }
        }
    }

    private static void assertSameSelection(Case c) {
        List<boolean[]> expected = SortingSelectorOracle.select(c.layers(), c.target(), c.scope());
        List<boolean[]> actual = Selector.select(c.layers(), c.target(), c.scope());
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("layer %d of %s", i, c).isEqualTo(expected.get(i));
        }
    }
}
