package io.github.dl4jpruning.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Invariants of {@link Selector}: exact targets, monotone masks, bounds, energy budgets, greedy order and ties. */
class SelectorPropertiesTest {

    @Provide
    Arbitrary<List<LayerScores>> layers() {
        Arbitrary<LayerScores> layer = Arbitraries.integers().between(1, 40).flatMap(n -> Combinators.combine(
                Arbitraries.doubles().between(-1, 1).ofScale(3).array(double[].class).ofSize(n),
                Arbitraries.doubles().between(0, 10).ofScale(3).array(double[].class).ofSize(n))
                .as((imp, cost) -> fresh("l", imp, cost, 0, 1)));
        return layer.list().ofMinSize(1).ofMaxSize(4).map(SelectorPropertiesTest::renamed);
    }

    static LayerScores fresh(String name, double[] importance, double[] cost, double min, double max) {
        boolean[] alive = new boolean[importance.length];
        Arrays.fill(alive, true);
        return new LayerScores(name, importance, cost, alive, min, max);
    }

    static List<LayerScores> renamed(List<LayerScores> in) {
        List<LayerScores> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            LayerScores l = in.get(i);
            out.add(new LayerScores(String.valueOf(i), l.importance(), l.cost(), l.alive(), l.minSparsity(),
                    l.maxSparsity()));
        }
        return out;
    }

    static List<LayerScores> withAlive(List<LayerScores> in, List<boolean[]> alive) {
        List<LayerScores> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            LayerScores l = in.get(i);
            out.add(new LayerScores(l.layer(), l.importance(), l.cost(), alive.get(i), l.minSparsity(), l.maxSparsity()));
        }
        return out;
    }

    static int pruned(boolean[] alive) {
        int c = 0;
        for (boolean a : alive) {
            if (!a) {
                c++;
            }
        }
        return c;
    }

    @Property(tries = 50)
    void perLayerSparsityEqualsTargetWithinOneUnit(@ForAll("layers") List<LayerScores> layers,
                                                   @ForAll @DoubleRange(min = 0, max = 0.99) double target) {
        List<boolean[]> alive = Selector.select(layers, Target.sparsity(target), Scope.PER_LAYER);
        for (int i = 0; i < layers.size(); i++) {
            int n = layers.get(i).size();
            assertThat((double) pruned(alive.get(i))).as("layer %d of %d units at %s", i, n, target)
                    .isCloseTo(target * n, org.assertj.core.api.Assertions.within(1.0));
            assertThat(pruned(alive.get(i))).isEqualTo(Math.round(target * n));
        }
    }

    @Property(tries = 50)
    void globalSparsityEqualsTargetWithinOneUnit(@ForAll("layers") List<LayerScores> layers,
                                                 @ForAll @DoubleRange(min = 0, max = 0.99) double target) {
        List<boolean[]> alive = Selector.select(layers, Target.sparsity(target), Scope.GLOBAL);
        int total = 0;
        int prunedTotal = 0;
        for (int i = 0; i < layers.size(); i++) {
            total += layers.get(i).size();
            prunedTotal += pruned(alive.get(i));
        }
        assertThat(Math.abs(prunedTotal - target * total)).isLessThanOrEqualTo(1.0);
    }

    @Property(tries = 50)
    void globalSelectionPrunesLowestImportanceAcrossLayers(@ForAll("layers") List<LayerScores> layers,
                                                           @ForAll @DoubleRange(min = 0, max = 0.99) double target) {
        List<boolean[]> alive = Selector.select(layers, Target.sparsity(target), Scope.GLOBAL);
        double maxPruned = Double.NEGATIVE_INFINITY;
        double minAlive = Double.POSITIVE_INFINITY;
        for (int i = 0; i < layers.size(); i++) {
            for (int u = 0; u < layers.get(i).size(); u++) {
                double imp = layers.get(i).importance()[u];
                if (alive.get(i)[u]) {
                    minAlive = Math.min(minAlive, imp);
                } else {
                    maxPruned = Math.max(maxPruned, imp);
                }
            }
        }
        assertThat(maxPruned).isLessThanOrEqualTo(minAlive);
    }

    @Property(tries = 50)
    void selectionNeverRevivesAndNeverChangesTheInput(@ForAll("layers") List<LayerScores> layers,
                                                      @ForAll @DoubleRange(min = 0, max = 0.99) double first,
                                                      @ForAll @DoubleRange(min = 0, max = 0.99) double second) {
        List<boolean[]> a1 = Selector.select(layers, Target.sparsity(first), Scope.PER_LAYER);
        List<boolean[]> a2 = Selector.select(withAlive(layers, a1), Target.sparsity(second), Scope.PER_LAYER);
        for (int i = 0; i < layers.size(); i++) {
            for (int u = 0; u < a1.get(i).length; u++) {
                if (!a1.get(i)[u]) {
                    assertThat(a2.get(i)[u]).as("unit %d of layer %d pruned at %s, revived at %s", u, i, first, second)
                            .isFalse();
                }
            }
            if (second <= first) {
                assertThat(a2.get(i)).as("a lower target changes nothing").containsExactly(a1.get(i));
            } else {
                assertThat(pruned(a2.get(i))).isEqualTo(Math.round(second * layers.get(i).size()));
            }
            for (boolean b : layers.get(i).alive()) {
                assertThat(b).as("input alive flags untouched").isTrue();
            }
        }
    }

    @Property(tries = 50)
    void sparsityBoundsAreRespected(@ForAll("layers") List<LayerScores> raw,
                                    @ForAll @DoubleRange(min = 0, max = 0.99) double target,
                                    @ForAll @DoubleRange(min = 0, max = 0.5) double min,
                                    @ForAll @DoubleRange(min = 0.5, max = 1) double max,
                                    @ForAll boolean global) {
        List<LayerScores> layers = new ArrayList<>();
        for (LayerScores l : raw) {
            layers.add(new LayerScores(l.layer(), l.importance(), l.cost(), l.alive(), min, max));
        }
        List<boolean[]> alive = Selector.select(layers, Target.sparsity(target), global ? Scope.GLOBAL : Scope.PER_LAYER);
        for (int i = 0; i < layers.size(); i++) {
            int n = layers.get(i).size();
            int p = pruned(alive.get(i));
            assertThat(p).as("layer %d: %d of %d pruned, bounds [%s, %s]", i, p, n, min, max)
                    .isLessThanOrEqualTo((int) Math.floor(max * n + 1e-9))
                    // On a tiny layer ceil(min * n) can exceed floor(max * n); the maximum wins.
                    .isGreaterThanOrEqualTo(Math.min((int) Math.ceil(min * n - 1e-9), (int) Math.floor(max * n + 1e-9)));
        }
    }

    @Property(tries = 50)
    void energyTargetMeetsTheBudgetGreedilyAndNoFurther(@ForAll("layers") List<LayerScores> layers,
                                                        @ForAll @DoubleRange(min = 0.01, max = 0.99) double reduction,
                                                        @ForAll boolean global) {
        List<boolean[]> alive = Selector.select(layers, Target.energyReduction(reduction),
                global ? Scope.GLOBAL : Scope.PER_LAYER);
        List<int[]> pools = new ArrayList<>();
        if (global) {
            int[] all = new int[layers.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            pools.add(all);
        } else {
            for (int i = 0; i < layers.size(); i++) {
                pools.add(new int[] {i});
            }
        }
        for (int[] pool : pools) {
            double total = 0;
            double remaining = 0;
            double lastPrunedImportance = Double.NEGATIVE_INFINITY;
            double lastPrunedCost = 0;
            for (int li : pool) {
                LayerScores l = layers.get(li);
                for (int u = 0; u < l.size(); u++) {
                    total += l.cost()[u];
                    if (alive.get(li)[u]) {
                        remaining += l.cost()[u];
                    } else if (l.importance()[u] >= lastPrunedImportance) {
                        // The greedy order's last pruned unit: highest importance, then latest layer and index.
                        lastPrunedImportance = l.importance()[u];
                        lastPrunedCost = l.cost()[u];
                    }
                }
            }
            double budget = (1 - reduction) * total;
            double tol = 1e-9 * Math.max(1, total);
            assertThat(remaining).as("remaining cost of pool %s", Arrays.toString(pool)).isLessThanOrEqualTo(budget + tol);
            if (lastPrunedImportance != Double.NEGATIVE_INFINITY) {
                assertThat(remaining + lastPrunedCost).as("one fewer pruned unit would not meet the budget")
                        .isGreaterThan(budget - tol);
            }
        }
    }

    @Property(tries = 30)
    void equalImportancesArePrunedInLayerThenIndexOrderDeterministically(
            @ForAll @IntRange(min = 1, max = 30) int n1, @ForAll @IntRange(min = 1, max = 30) int n2,
            @ForAll @DoubleRange(min = 0, max = 0.99) double target, @ForAll boolean global) {
        List<LayerScores> layers = List.of(fresh("a", new double[n1], ones(n1), 0, 1),
                fresh("b", new double[n2], ones(n2), 0, 1));
        Scope scope = global ? Scope.GLOBAL : Scope.PER_LAYER;
        List<boolean[]> alive = Selector.select(layers, Target.sparsity(target), scope);
        List<boolean[]> again = Selector.select(layers, Target.sparsity(target), scope);
        for (int i = 0; i < 2; i++) {
            assertThat(again.get(i)).containsExactly(alive.get(i));
        }
        // Pruned units form a prefix of (layer a, then layer b) in index order.
        List<Boolean> order = new ArrayList<>();
        if (global) {
            for (boolean b : alive.get(0)) {
                order.add(b);
            }
            for (boolean b : alive.get(1)) {
                order.add(b);
            }
            assertPrefixPruned(order);
        } else {
            for (boolean[] a : alive) {
                order.clear();
                for (boolean b : a) {
                    order.add(b);
                }
                assertPrefixPruned(order);
            }
        }
    }

    private static void assertPrefixPruned(List<Boolean> aliveInOrder) {
        int firstAlive = aliveInOrder.indexOf(true);
        if (firstAlive >= 0) {
            assertThat(aliveInOrder.subList(firstAlive, aliveInOrder.size())).doesNotContain(false);
        }
    }

    private static double[] ones(int n) {
        double[] a = new double[n];
        Arrays.fill(a, 1);
        return a;
    }
}
