package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.select.Target;
import java.util.Map;

/**
 * What one pruning step did.
 *
 * @param epoch            the network's epoch counter when it ran (during {@code onEpochEnd}: the epoch that
 *                         just ended)
 * @param iteration        the network's iteration counter
 * @param target           the target it aimed for
 * @param sparsityByLayer  weight sparsity of each included layer afterwards
 * @param sparsity         weight sparsity over all included layers afterwards
 * @param energyBefore     estimated energy of the whole network before, in the energy model's unit (NaN when a
 *                         convolution's output size is unknown: no input type and no statistics)
 * @param energyAfter      estimated energy after
 * @param energyDense      estimated energy of the dense network, with the activation statistics as they are now
 *                         (with zero-skipping, the estimate follows the measured firing rates)
 * @param energyUnit       the unit of the energies
 * @param newlyPruned      weights pruned by this step
 * @param millis           wall time of scoring, selecting and masking
 */
public record PruningEvent(int epoch, int iteration, Target target, Map<String, Double> sparsityByLayer,
                           double sparsity, double energyBefore, double energyAfter, double energyDense,
                           String energyUnit, long newlyPruned, double millis) {

    /** Fraction of the dense estimated energy removed so far. */
    public double energyReduction() {
        return energyDense == 0 ? 0 : 1 - energyAfter / energyDense;
    }

    /** One log line. */
    public String summary() {
        if (Double.isNaN(energyAfter)) {
            return String.format(java.util.Locale.ROOT,
                    "pruned %d weights at epoch %d (target %s %.3f): sparsity %.2f%%, estimated energy unknown "
                            + "(give the callback an InputType), %.1f ms",
                    newlyPruned, epoch, target.kind().name().toLowerCase(java.util.Locale.ROOT), target.value(),
                    100 * sparsity, millis);
        }
        return String.format(java.util.Locale.ROOT,
                "pruned %d weights at epoch %d (target %s %.3f): sparsity %.2f%%, estimated energy %.4g -> %.4g %s "
                        + "(%.1f%% below dense), %.1f ms",
                newlyPruned, epoch, target.kind().name().toLowerCase(java.util.Locale.ROOT), target.value(),
                100 * sparsity, energyBefore, energyAfter, energyUnit, 100 * energyReduction(), millis);
    }
}
