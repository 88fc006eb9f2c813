package io.github.dl4jpruning.select;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses which units to prune to reach a target, lowest importance first. Pure Java and deterministic: ties are
 * broken by layer order, then by unit index. Pruning compounds on what is still alive: units already pruned stay
 * pruned and count towards the target.
 *
 * <p>Both kinds of target are selected in linear time, without ranking every unit: sparsity targets by a histogram
 * threshold search on the importances ({@link ThresholdSelect}), energy targets by a histogram search on the cumulative
 * cost in rank order ({@link BudgetSelect}) followed by the same threshold search.
 *
 * <p>Example: {@code Selector.select(layers, Target.sparsity(0.9), Scope.GLOBAL)} prunes the 90% lowest units of
 * all layers together.
 */
public final class Selector {

    private Selector() {
    }

    /**
     * Selects units to prune.
     *
     * @param layers the candidates, one entry per layer
     * @param target sparsity (fraction of units pruned) or energy reduction (fraction of the summed unit and fixed
     *               costs removed)
     * @param scope  rank per layer or globally
     * @return per layer, the new alive flags (a fresh array; the input is not changed)
     */
    public static List<boolean[]> select(List<LayerScores> layers, Target target, Scope scope) {
        List<boolean[]> out = new ArrayList<>();
        for (LayerScores l : layers) {
            out.add(l.alive().clone());
        }
        if (scope == Scope.GLOBAL) {
            selectPool(layers, out, allIndices(layers.size()), target);
        } else {
            for (int i = 0; i < layers.size(); i++) {
                selectPool(layers, out, new int[] {i}, target);
            }
        }
        return out;
    }

    private static int[] allIndices(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static void selectPool(List<LayerScores> layers, List<boolean[]> alive, int[] pool, Target target) {
        if (target.kind() == Target.Kind.SPARSITY) {
            selectSparsity(layers, alive, pool, target);
        } else {
            selectEnergy(layers, alive, pool, target);
        }
    }

    /**
     * An energy target, in linear time: the sorting walk first raised every layer to its minimum sparsity, lowest
     * importance first, then pruned, in rank order, every alive unit whose layer was below its maximum, subtracting its
     * cost from the alive cost, until that was at most {@code (1 - target) * total}. As for a sparsity target, a layer
     * contributes at most its lowest {@code maximum - pruned} alive units ("eligible"); of the pool's eligible units the
     * walk prunes the lowest, as many as {@link BudgetSelect#count} finds the budget needs.
     */
    private static void selectEnergy(List<LayerScores> layers, List<boolean[]> alive, int[] pool, Target target) {
        double totalCost = 0;
        double aliveCost = 0;
        long[] prunedIn = new long[pool.length];
        long[] maxPruned = new long[pool.length];
        double[][] importance = new double[pool.length][];
        double[][] cost = new double[pool.length][];
        for (int p = 0; p < pool.length; p++) {
            LayerScores l = layers.get(pool[p]);
            if (l.cost() == null) {
                throw new IllegalArgumentException("layer '" + l.layer() + "' has no energy costs; an energy target "
                        + "needs a cost per unit (score the layers with costs)");
            }
            importance[p] = l.importance();
            cost[p] = l.cost();
            boolean[] a = alive.get(pool[p]);
            totalCost += l.fixedCost();
            aliveCost += l.fixedCost();
            for (int i = 0; i < a.length; i++) {
                totalCost += cost[p][i];
                if (a[i]) {
                    aliveCost += cost[p][i];
                } else {
                    prunedIn[p]++;
                }
            }
            maxPruned[p] = (long) Math.floor(l.maxSparsity() * l.size() + 1e-9);
        }
        // First raise every layer to its minimum sparsity, lowest importance first; on a small layer the rounded
        // minimum can exceed the rounded maximum, and then the maximum ("never exceeds") wins.
        for (int p = 0; p < pool.length; p++) {
            LayerScores l = layers.get(pool[p]);
            long minPruned = (long) Math.ceil(l.minSparsity() * l.size() - 1e-9);
            long raise = Math.min(minPruned, maxPruned[p]) - prunedIn[p];
            if (raise > 0) {
                boolean[] lowest = alive.get(pool[p]).clone();
                ThresholdSelect.keepSmallest(new double[][] {importance[p]}, new boolean[][] {lowest}, raise);
                boolean[] a = alive.get(pool[p]);
                for (int i = 0; i < a.length; i++) {
                    if (lowest[i]) {
                        a[i] = false;
                        aliveCost -= cost[p][i];
                    }
                }
                prunedIn[p] += raise;
            }
        }
        double budget = (1 - target.value()) * totalCost;
        if (aliveCost <= budget) {
            return;
        }
        boolean[][] eligible = new boolean[pool.length][];
        if (unbounded(layers, pool, maxPruned, prunedIn)) {
            // Every alive unit is eligible (the default maximum of 1): count on the alive flags, prune in place.
            for (int p = 0; p < pool.length; p++) {
                eligible[p] = alive.get(pool[p]);
            }
            ThresholdSelect.dropSmallest(importance, eligible,
                    BudgetSelect.count(importance, cost, eligible, aliveCost, budget));
            return;
        }
        for (int p = 0; p < pool.length; p++) {
            eligible[p] = alive.get(pool[p]).clone();
            ThresholdSelect.keepSmallest(new double[][] {importance[p]}, new boolean[][] {eligible[p]},
                    maxPruned[p] - prunedIn[p]);
        }
        long need = BudgetSelect.count(importance, cost, eligible, aliveCost, budget);
        ThresholdSelect.keepSmallest(importance, eligible, need);
        for (int p = 0; p < pool.length; p++) {
            prune(alive.get(pool[p]), eligible[p]);
        }
    }

    /**
     * The same selection as the ranked walk in {@link #selectPool} for a sparsity target, without ranking: the walk
     * first prunes, per layer, its lowest alive units up to the minimum (bounded by the maximum); then, in rank order,
     * every alive unit whose layer is below its maximum until the goal count is met. A layer therefore contributes at
     * most its lowest {@code maximum - pruned} alive units ("eligible"), and the walk prunes the lowest eligible units
     * of the pool up to the goal: three threshold searches instead of a sort.
     */
    private static void selectSparsity(List<LayerScores> layers, List<boolean[]> alive, int[] pool, Target target) {
        long units = 0;
        long pruned = 0;
        long[] prunedIn = new long[pool.length];
        long[] maxPruned = new long[pool.length];
        double[][] importance = new double[pool.length][];
        for (int p = 0; p < pool.length; p++) {
            LayerScores l = layers.get(pool[p]);
            importance[p] = l.importance();
            units += l.size();
            prunedIn[p] = l.size() - count(alive.get(pool[p]));
            pruned += prunedIn[p];
            maxPruned[p] = (long) Math.floor(l.maxSparsity() * l.size() + 1e-9);
            long minPruned = (long) Math.ceil(l.minSparsity() * l.size() - 1e-9);
            long raise = Math.min(minPruned, maxPruned[p]) - prunedIn[p];
            if (raise > 0) {
                boolean[] lowest = alive.get(pool[p]).clone();
                ThresholdSelect.keepSmallest(new double[][] {l.importance()}, new boolean[][] {lowest}, raise);
                long n = prune(alive.get(pool[p]), lowest);
                prunedIn[p] += n;
                pruned += n;
            }
        }
        if (units > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many units to rank at once: " + units);
        }
        long need = Math.round(target.value() * units) - pruned;
        if (need <= 0) {
            return;
        }
        if (unbounded(layers, pool, maxPruned, prunedIn)) {
            // Every alive unit is eligible (the default maximum of 1): prune the lowest in place.
            boolean[][] flags = new boolean[pool.length][];
            for (int p = 0; p < pool.length; p++) {
                flags[p] = alive.get(pool[p]);
            }
            ThresholdSelect.dropSmallest(importance, flags, need);
            return;
        }
        boolean[][] eligible = new boolean[pool.length][];
        for (int p = 0; p < pool.length; p++) {
            eligible[p] = alive.get(pool[p]).clone();
            // A layer whose maximum admits all of its alive units (the default maximum of 1) needs no search.
            long aliveUnits = layers.get(pool[p]).size() - prunedIn[p];
            if (maxPruned[p] - prunedIn[p] < aliveUnits) {
                ThresholdSelect.keepSmallest(new double[][] {importance[p]}, new boolean[][] {eligible[p]},
                        maxPruned[p] - prunedIn[p]);
            }
        }
        ThresholdSelect.keepSmallest(importance, eligible, need);
        for (int p = 0; p < pool.length; p++) {
            prune(alive.get(pool[p]), eligible[p]);
        }
    }

    /** Whether no layer of the pool has a maximum that stops it before all of its alive units are pruned. */
    private static boolean unbounded(List<LayerScores> layers, int[] pool, long[] maxPruned, long[] prunedIn) {
        for (int p = 0; p < pool.length; p++) {
            if (maxPruned[p] < layers.get(pool[p]).size()) {
                return false;
            }
        }
        return true;
    }

    private static long count(boolean[] flags) {
        long n = 0;
        for (boolean b : flags) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** Marks the flagged units pruned; returns how many. */
    private static long prune(boolean[] alive, boolean[] flagged) {
        long n = 0;
        for (int i = 0; i < flagged.length; i++) {
            boolean f = flagged[i];
            alive[i] &= !f;
            n += f ? 1 : 0;
        }
        return n;
    }
}
