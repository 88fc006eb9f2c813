package io.github.dl4jpruning.select;

/**
 * One layer's candidates for selection: per unit (a weight, or a neuron/filter for structured pruning) its
 * importance, its estimated energy cost, and whether it is still alive.
 *
 * @param layer       the layer's name
 * @param importance  per unit; lower is pruned first
 * @param cost        per unit, the energy saved by pruning it; {@code null} when nothing is priced (a sparsity target
 *                    needs no costs, and selection for an energy target rejects such candidates)
 * @param alive       per unit, whether it is still unpruned
 * @param minSparsity the layer's sparsity is raised to at least this
 * @param maxSparsity the layer's sparsity never exceeds this
 * @param fixedCost   energy of the layer that no unit's pruning removes (e.g. bias adds and output writes of its
 *                    neurons when single weights are pruned); counts towards an energy target's total
 */
public record LayerScores(String layer, double[] importance, double[] cost, boolean[] alive, double minSparsity,
                          double maxSparsity, double fixedCost) {

    /** Candidates without a fixed cost. */
    public LayerScores(String layer, double[] importance, double[] cost, boolean[] alive, double minSparsity,
                       double maxSparsity) {
        this(layer, importance, cost, alive, minSparsity, maxSparsity, 0);
    }

    public LayerScores {
        if (!Double.isFinite(fixedCost) || fixedCost < 0) {
            throw new IllegalArgumentException("layer '" + layer + "': fixed cost must be finite and >= 0, got "
                    + fixedCost);
        }
        if ((cost != null && importance.length != cost.length) || importance.length != alive.length) {
            throw new IllegalArgumentException("layer '" + layer + "': importance, cost and alive must have the same "
                    + "length, got " + importance.length + ", " + (cost == null ? "no costs" : cost.length) + ", "
                    + alive.length);
        }
        // A branch-free scan first (it vectorises); the loop that names the bad unit runs only if there is one.
        boolean bad = false;
        for (int i = 0; i < importance.length; i++) {
            bad |= importance[i] != importance[i];
        }
        if (cost != null) {
            for (int i = 0; i < cost.length; i++) {
                bad |= !(cost[i] >= 0 && cost[i] < Double.POSITIVE_INFINITY);
            }
        }
        for (int i = 0; bad && i < importance.length; i++) {
            if (Double.isNaN(importance[i])) {
                throw new IllegalArgumentException("layer '" + layer + "': importance of unit " + i
                        + " is NaN; check the weights and statistics for NaN or infinite values");
            }
            if (cost != null && (!Double.isFinite(cost[i]) || cost[i] < 0)) {
                throw new IllegalArgumentException("layer '" + layer + "': energy cost of unit " + i
                        + " must be finite and >= 0, got " + cost[i]);
            }
        }
    }

    /** Number of units. */
    public int size() {
        return importance.length;
    }
}
