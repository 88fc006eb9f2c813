package io.github.dl4jpruning.select;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses which units to prune to reach a target, lowest importance first. Pure Java and deterministic: ties are
 * broken by layer order, then by unit index. Pruning compounds on what is still alive: units already pruned stay
 * pruned and count towards the target.
 *
 * <p>Sparsity targets are selected in linear time (a histogram threshold search, {@link ThresholdSelect}); energy
 * targets, whose budget is a running sum in rank order, still rank all alive units with one sort.
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
            return;
        }
        long units = 0;
        double totalCost = 0;
        double aliveCost = 0;
        long pruned = 0;
        long[] prunedIn = new long[layers.size()];
        long[] maxPruned = new long[layers.size()];
        long[] minPruned = new long[layers.size()];
        for (int li : pool) {
            LayerScores l = layers.get(li);
            boolean[] a = alive.get(li);
            units += l.size();
            totalCost += l.fixedCost();
            aliveCost += l.fixedCost();
            for (int i = 0; i < a.length; i++) {
                totalCost += l.cost()[i];
                if (a[i]) {
                    aliveCost += l.cost()[i];
                } else {
                    prunedIn[li]++;
                }
            }
            pruned += prunedIn[li];
            maxPruned[li] = (long) Math.floor(l.maxSparsity() * l.size() + 1e-9);
            minPruned[li] = (long) Math.ceil(l.minSparsity() * l.size() - 1e-9);
        }
        Ranking ranking = new Ranking(layers, alive, pool);
        // First raise every layer to its minimum sparsity, lowest importance first; on a small layer the rounded
        // minimum can exceed the rounded maximum, and then the maximum ("never exceeds") wins.
        for (int r = 0; r < ranking.size(); r++) {
            int li = ranking.layer(r);
            int ui = ranking.unit(r);
            if (prunedIn[li] < Math.min(minPruned[li], maxPruned[li]) && alive.get(li)[ui]) {
                alive.get(li)[ui] = false;
                prunedIn[li]++;
                pruned++;
                aliveCost -= layers.get(li).cost()[ui];
            }
        }
        long goalPruned = Math.round(target.value() * units);
        double budget = (1 - target.value()) * totalCost;
        for (int r = 0; r < ranking.size(); r++) {
            boolean done = target.kind() == Target.Kind.SPARSITY ? pruned >= goalPruned : aliveCost <= budget;
            if (done) {
                break;
            }
            int li = ranking.layer(r);
            int ui = ranking.unit(r);
            if (!alive.get(li)[ui] || prunedIn[li] >= maxPruned[li]) {
                continue;
            }
            alive.get(li)[ui] = false;
            prunedIn[li]++;
            pruned++;
            aliveCost -= layers.get(li).cost()[ui];
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
        boolean[][] eligible = new boolean[pool.length][];
        for (int p = 0; p < pool.length; p++) {
            eligible[p] = alive.get(pool[p]).clone();
            ThresholdSelect.keepSmallest(new double[][] {importance[p]}, new boolean[][] {eligible[p]},
                    maxPruned[p] - prunedIn[p]);
        }
        ThresholdSelect.keepSmallest(importance, eligible, need);
        for (int p = 0; p < pool.length; p++) {
            prune(alive.get(pool[p]), eligible[p]);
        }
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

    /**
     * The alive units of a pool sorted by importance, then layer order, then index. Each unit is packed into one long
     * (importance as sortable float bits in the high half, a pool-wide unit id in the low half) so that a primitive
     * sort handles ten million weights quickly.
     */
    private static final class Ranking {
        private final long[] keys;
        private final long[] offsets;
        private final int[] poolLayers;

        Ranking(List<LayerScores> layers, List<boolean[]> alive, int[] pool) {
            this.poolLayers = pool.clone();
            this.offsets = new long[pool.length];
            int count = 0;
            long offset = 0;
            for (int p = 0; p < pool.length; p++) {
                offsets[p] = offset;
                boolean[] a = alive.get(pool[p]);
                offset += a.length;
                for (boolean b : a) {
                    if (b) {
                        count++;
                    }
                }
            }
            if (offset > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("too many units to rank at once: " + offset);
            }
            keys = new long[count];
            int k = 0;
            for (int p = 0; p < pool.length; p++) {
                LayerScores l = layers.get(pool[p]);
                boolean[] a = alive.get(pool[p]);
                for (int i = 0; i < a.length; i++) {
                    if (a[i]) {
                        keys[k++] = ((long) sortableBits((float) l.importance()[i]) << 32) | (offsets[p] + i);
                    }
                }
            }
            Arrays.sort(keys);
            refineFloatTies(layers);
        }

        /**
         * The float key groups doubles that differ below float precision (or underflow to zero); within such a group,
         * order by the exact double, then by unit id, so that the lowest importance really comes first.
         */
        private void refineFloatTies(List<LayerScores> layers) {
            int from = 0;
            while (from < keys.length) {
                int to = from + 1;
                while (to < keys.length && (keys[to] >>> 32) == (keys[from] >>> 32)) {
                    to++;
                }
                if (to - from > 1 && !allEqual(layers, from, to)) {
                    Long[] run = new Long[to - from];
                    for (int r = from; r < to; r++) {
                        run[r - from] = keys[r];
                    }
                    Arrays.sort(run, (x, y) -> {
                        int c = Double.compare(exact(layers, x), exact(layers, y));
                        return c != 0 ? c : Long.compare(x & 0xffffffffL, y & 0xffffffffL);
                    });
                    for (int r = from; r < to; r++) {
                        keys[r] = run[r - from];
                    }
                }
                from = to;
            }
        }

        private boolean allEqual(List<LayerScores> layers, int from, int to) {
            double first = exact(layers, keys[from]);
            for (int r = from + 1; r < to; r++) {
                if (exact(layers, keys[r]) != first) {
                    return false;
                }
            }
            return true;
        }

        /** The exact importance behind a key (-0 counted as 0, as in the float key). */
        private double exact(List<LayerScores> layers, long key) {
            long id = key & 0xffffffffL;
            int p = poolIndexOfId(id);
            double v = layers.get(poolLayers[p]).importance()[(int) (id - offsets[p])];
            return v == 0 ? 0.0 : v;
        }

        int size() {
            return keys.length;
        }

        private int poolIndex(int r) {
            return poolIndexOfId(keys[r] & 0xffffffffL);
        }

        private int poolIndexOfId(long id) {
            int p = Arrays.binarySearch(offsets, id);
            if (p < 0) {
                p = -p - 2;
            }
            // Layers with no units share an offset with the next one: move to the last layer starting at id.
            while (p + 1 < offsets.length && offsets[p + 1] == id) {
                p++;
            }
            return p;
        }

        int layer(int r) {
            return poolLayers[poolIndex(r)];
        }

        int unit(int r) {
            return (int) ((keys[r] & 0xffffffffL) - offsets[poolIndex(r)]);
        }
    }

    /** Float bits whose signed-int order is the float order (NaN excluded by the caller). */
    static int sortableBits(float f) {
        int b = Float.floatToIntBits(f == 0f ? 0f : f);
        return b >= 0 ? b : b ^ 0x7fffffff;
    }
}
