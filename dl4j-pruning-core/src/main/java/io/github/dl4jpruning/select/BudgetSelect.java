package io.github.dl4jpruning.select;

import java.util.Arrays;

/**
 * Linear-time "how many of the lowest units must go to bring the energy down to a budget": the energy target's walk
 * (prune units in the selector's order, importance then position, subtracting each one's cost from the alive cost
 * until it is at or below the budget) without ranking every unit. A histogram over the top 16 bits of each
 * importance's sortable pattern ({@link ThresholdSelect#key}) counts the units and sums their costs per bucket; the
 * buckets are taken whole while the alive cost stays above the budget, and only the bucket where it crosses is
 * narrowed 16 bits at a time (units in position order, so ties keep the selector's order) until few are left, which
 * are then walked one by one.
 *
 * <p>Whole buckets subtract their summed cost at once, where the sorting walk subtracted unit by unit: the two running
 * sums round differently only in the last bits, so they can disagree by one unit when the budget falls within
 * rounding of a prefix sum; with costs exactly representable as sums (integers, or the energy model's per-layer
 * multiples at the sizes tested) they agree exactly.
 *
 * <p>Example: {@code count(new double[][] {imp}, new double[][] {cost}, new boolean[][] {flags}, 10.0, 4.0)} is the
 * number of lowest flagged units whose costs take 10 down to at most 4 (all flagged units if they cannot).
 */
final class BudgetSelect {

    private static final int BITS = 16;
    private static final int BUCKETS = 1 << BITS;
    private static final int MASK = BUCKETS - 1;
    /** Below this many units the boundary bucket is sorted and walked. */
    private static final int SMALL = 4096;

    private BudgetSelect() {
    }

    /**
     * The number of lowest flagged units (importance, then segment, then index) to prune, in that order, until
     * {@code aliveCost} minus their costs is at most {@code budget}; 0 if it already is, all flagged units if they
     * never bring it there.
     *
     * @param importance per segment, the units' importances (no NaN)
     * @param cost       per segment, the units' costs (finite, >= 0)
     * @param flagged    per segment, the candidates (not changed)
     * @param aliveCost  the cost before any of them is pruned
     * @param budget     the cost to reach
     */
    static long count(double[][] importance, double[][] cost, boolean[][] flagged, double aliveCost, double budget) {
        if (aliveCost <= budget) {
            return 0;
        }
        int[] hist = new int[BUCKETS];
        double[] sums = new double[BUCKETS];
        for (int s = 0; s < importance.length; s++) {
            double[] imp = importance[s];
            double[] c = cost[s];
            boolean[] f = flagged[s];
            for (int i = 0; i < f.length; i++) {
                if (f[i]) {
                    int b = (int) (ThresholdSelect.key(imp[i]) >>> (64 - BITS));
                    hist[b]++;
                    sums[b] += c[i];
                }
            }
        }
        long taken = 0;
        double[] running = {aliveCost};
        for (int b = 0; b < BUCKETS; b++) {
            if (hist[b] == 0) {
                continue;
            }
            if (running[0] - sums[b] > budget) {
                running[0] -= sums[b];
                taken += hist[b];
                continue;
            }
            long[] keys = new long[hist[b]];
            double[] costs = new double[hist[b]];
            int m = 0;
            for (int s = 0; s < importance.length; s++) {
                double[] imp = importance[s];
                boolean[] f = flagged[s];
                for (int i = 0; i < f.length; i++) {
                    if (f[i]) {
                        long key = ThresholdSelect.key(imp[i]);
                        if ((key >>> (64 - BITS)) == b) {
                            keys[m] = key;
                            costs[m++] = cost[s][i];
                        }
                    }
                }
            }
            long n = walk(keys, costs, m, 64 - BITS, running, budget);
            if (n >= 0) {
                return taken + n;
            }
            // Rounding: unit by unit the bucket did not reach the budget after all; go on with the next one.
            taken += hist[b];
        }
        return taken;
    }

    /**
     * Walks units that share their key bits above {@code shift} (keys and costs in position order) in key then
     * position order, subtracting each cost from {@code running[0]}.
     *
     * @return how many are pruned when the running cost first reaches {@code budget}, or -1 if it never does (the
     *         running cost then is the cost after all of them)
     */
    private static long walk(long[] keys, double[] costs, int n, int shift, double[] running, double budget) {
        if (n <= SMALL || shift == 0) {
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
            }
            if (shift > 0) {
                // Few units: by key (unsigned), then position; at shift 0 all keys are equal, in position order.
                Arrays.sort(order, (x, y) -> {
                    int c = Long.compareUnsigned(keys[x], keys[y]);
                    return c != 0 ? c : Integer.compare(x, y);
                });
            }
            for (int j = 0; j < n; j++) {
                running[0] -= costs[order[j]];
                if (running[0] <= budget) {
                    return j + 1;
                }
            }
            return -1;
        }
        int next = shift - BITS;
        int[] hist = new int[BUCKETS];
        double[] sums = new double[BUCKETS];
        for (int j = 0; j < n; j++) {
            int b = (int) (keys[j] >>> next) & MASK;
            hist[b]++;
            sums[b] += costs[j];
        }
        long taken = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (hist[b] == 0) {
                continue;
            }
            if (running[0] - sums[b] > budget) {
                running[0] -= sums[b];
                taken += hist[b];
                continue;
            }
            long[] subKeys = new long[hist[b]];
            double[] subCosts = new double[hist[b]];
            int m = 0;
            for (int j = 0; j < n; j++) {
                if (((int) (keys[j] >>> next) & MASK) == b) {
                    subKeys[m] = keys[j];
                    subCosts[m++] = costs[j];
                }
            }
            long r = walk(subKeys, subCosts, m, next, running, budget);
            if (r >= 0) {
                return taken + r;
            }
            taken += hist[b];
        }
        return -1;
    }
}
