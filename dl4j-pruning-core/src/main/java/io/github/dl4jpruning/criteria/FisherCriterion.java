package io.github.dl4jpruning.criteria;

import java.util.Set;

/**
 * Fisher / Optimal Brain Damage style saliency {@code (w * g)^2}, summed over the iterations since the last pruning
 * step: the empirical Fisher's diagonal approximation of the loss increase when a weight is removed (LeCun et al.,
 * NIPS 1989; Theis et al., 2018). Needs gradients, so it runs from an {@code EnergyPruningCallback} attached during
 * {@code fit()}.
 *
 * <pre>{@code
 * PruningConfig config = PruningConfig.builder().criterion(Criteria.byName("fisher")).build();
 * }</pre>
 */
public final class FisherCriterion implements PruningCriterion {

    @Override
    public String name() {
        return "fisher";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.GRADIENTS);
    }

    @Override
    public SignalCollector collector() {
        return new GradientAccumulator((w, g, out) -> {
            w.mul(g, out);
            out.muli(out);
        });
    }

    @Override
    public double[] importance(ScoringContext ctx) {
        return ctx.requireAccumulated(name()).clone();
    }

    /** It copies the accumulated values and reads nothing else. */
    @Override
    public boolean leavesContextUnchanged() {
        return true;
    }

    @Override
    public String toString() {
        return name();
    }
}
