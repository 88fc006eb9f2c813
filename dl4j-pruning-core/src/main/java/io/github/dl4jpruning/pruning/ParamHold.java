package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.mask.MaskEnforcer;
import io.github.dl4jpruning.mask.ParamViews;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import org.deeplearning4j.nn.api.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link EnergyPruningCallback} holds the pruned parameters at {@code +0.0} between pruning steps: written whole
 * after the first update that follows a change of the masks, then, where the masked gradient alone keeps them there
 * ({@link MaskedUpdates}), only spot-checked after each iteration ({@link MaskEnforcer#repairParams}); otherwise
 * written after every iteration, the reason logged once at INFO. Epoch boundaries write them whole.
 *
 * <pre>{@code
 * hold.masksChanged();                       // after a pruning step, setMasks, bindTo
 * hold.afterGradient(model, masks);          // in onGradientCalculation, after the gradient is masked
 * hold.afterIteration(net, masks);           // in iterationDone
 * }</pre>
 */
final class ParamHold {

    private static final Logger LOG = LoggerFactory.getLogger(EnergyPruningCallback.class);

    /** Pruned entries read per masked parameter after an iteration whose update holds them at zero. */
    static final int SPOT_CHECKS = 32;

    /** The bound network's parameter views, looked up once (DL4J's lookup walks its tables on every call). */
    private ParamViews views;
    /** Set when the masks change or the callback binds: write after the next update, check coverage again. */
    private boolean toWrite = true;
    /** The masks and network {@link #uncovered} describes. */
    private PruneMasks coverageOf;
    private NetworkAdapter coverageNet;
    private String uncovered;
    /** Why the masked gradients may not reach the updater, or null; checked when the masks change. */
    private String gradientUncovered;
    /** The masks {@link #gradientUncovered} describes (masks may change between the gradient and the update). */
    private PruneMasks gradientCoverageOf;
    private String loggedReason;
    /** Iterations that spot-checked, so that each checks another stretch. */
    private long spotChecks;
    /** Iterations after which the pruned parameters were written (for tests of the policy). */
    private long iterationWrites;

    /** The masks changed or moved to another network: write after the next update and check coverage again. */
    void masksChanged() {
        toWrite = true;
    }

    /** After the gradient was masked: whether each masked gradient is a view of what the updater reads. */
    void afterGradient(Model model, PruneMasks masks) {
        if (toWrite || gradientCoverageOf != masks) {
            gradientUncovered = model.gradient() == null ? "the network has no gradient"
                    : MaskedUpdates.gradientNotShared(model.gradient(), model.getGradientsViewArray(), masks);
            gradientCoverageOf = masks;
        }
    }

    /**
     * After an update: writes the pruned parameters whole, or spot-checks them where the update holds them.
     *
     * @return whether the spot check found a pruned entry changed: something moved it (an outside write, or updater
     *         state that the callback did not zero, such as one set from outside), so the caller zeroes the updater
     *         state of pruned entries again
     */
    boolean afterIteration(NetworkAdapter net, PruneMasks masks) {
        if (toWrite || uncovered(net, masks) != null) {
            MaskEnforcer.applyToParams(views(net), masks);
            toWrite = false;
            iterationWrites++;
        } else if (MaskEnforcer.repairParams(views(net), masks, spotChecks++, SPOT_CHECKS) > 0) {
            iterationWrites++;
            return true;
        }
        return false;
    }

    /**
     * Writes {@code +0.0} at every pruned parameter entry (epoch start and end: a cheap safety net), and has the
     * next iteration check the coverage again: a layer's updater, regularization or constraint may have been
     * replaced on the same network since.
     */
    void writeAll(NetworkAdapter net, PruneMasks masks) {
        MaskEnforcer.applyToParams(views(net), masks);
        coverageOf = null;
        gradientCoverageOf = null;
    }

    long iterationWrites() {
        return iterationWrites;
    }

    private ParamViews views(NetworkAdapter net) {
        if (views == null || views.network() != net) {
            views = new ParamViews(net);
        }
        return views;
    }

    /** Why the masked gradient alone may not hold the pruned weights, or null; each new reason logged once. */
    private String uncovered(NetworkAdapter net, PruneMasks masks) {
        if (coverageOf != masks || coverageNet != net) {
            uncovered = MaskedUpdates.uncovered(net.model(), masks);
            coverageOf = masks;
            coverageNet = net;
        }
        String why = uncovered != null ? uncovered : gradientUncovered;
        if (why != null && !why.equals(loggedReason)) {
            loggedReason = why;
            LOG.info("Pruned parameters are written after every iteration: the masked gradient alone is only proven to "
                    + "keep them at zero with DL4J's built-in updaters, regularization and constraints under SGD, and "
                    + "here: {}", why);
        }
        return why;
    }
}
