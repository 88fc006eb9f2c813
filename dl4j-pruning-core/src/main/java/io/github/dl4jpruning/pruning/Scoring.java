package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.criteria.PruningCriterion;
import io.github.dl4jpruning.criteria.ScoringContext;
import io.github.dl4jpruning.criteria.Signal;
import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.stats.NeuronStats;

/**
 * The first part of a step: a layer's weights scored by the criterion, with the per-weight energy costs computed once
 * and handed to both the criterion and the selection.
 */
final class Scoring {

    private final PruningCriterion criterion;
    private final EnergyModel energyModel;
    private final long seed;

    Scoring(PruningConfig config) {
        this.criterion = config.criterion();
        this.energyModel = config.energyModel();
        this.seed = config.seed();
    }

    /**
     * Scores one layer.
     *
     * @param withCosts whether selection needs the costs (an energy target, or energy known for reporting)
     * @throws IllegalStateException if the criterion returns a score per weight of the wrong length
     */
    ScoredLayer score(NetworkAdapter net, PrunableLayer l, PruneMasks current, Signals signals, boolean withCosts) {
        return score(l, current, signals, withCosts, new ParamReads(net));
    }

    /** As {@link #score(NetworkAdapter, PrunableLayer, PruneMasks, Signals, boolean)}, the weights from reads. */
    ScoredLayer score(PrunableLayer l, PruneMasks current, Signals signals, boolean withCosts, ParamReads reads) {
        double[] w = reads.get(l.weightKey());
        // An embedding's indices and a separable convolution's pointwise weights read no recorded activation.
        NeuronStats in = signals.hasStats() && l.inputKey() != null ? signals.stats().inputOf(l) : null;
        double[] p = in == null ? null : in.firingProbability();
        double[] cost = withCosts || criterion.signals().contains(Signal.COSTS)
                ? energyModel.weightCosts(l, w, p) : null;
        // The weights are shared with the step's energy estimates and the costs with selection: a criterion that
        // may change its context's arrays gets its own copies, so that whatever it does with them, the estimates and
        // selection see the weights and costs as they are.
        boolean share = criterion.leavesContextUnchanged();
        ScoringContext ctx = new ScoringContext(l, share ? w : w.clone(), in, energyModel,
                cost == null ? null : share ? cost : cost.clone(), signals.accumulated().get(l.weightKey()), seed);
        double[] importance = criterion.importance(ctx);
        if (importance.length != w.length) {
            throw new IllegalStateException("criterion '" + criterion.name() + "' returned " + importance.length
                    + " scores for layer '" + l.name() + "' with " + w.length + " weights");
        }
        return new ScoredLayer(l, current.alive(l.weightKey(), l.weightShape()), importance, withCosts ? cost : null);
    }
}
