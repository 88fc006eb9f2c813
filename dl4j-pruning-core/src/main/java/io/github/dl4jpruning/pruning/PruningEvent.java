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
 * @param granularity      what the target counted: {@code "weights"} or {@code "neurons"} (neurons and filters)
 * @param unitSparsity     fraction of those units pruned afterwards (equals {@code sparsity} for weights)
 * @param energyBefore     estimated energy of the whole network before, in the energy model's unit (NaN when a
 *                         convolution's output size is unknown: no input type and no statistics)
 * @param energyAfter      estimated energy after
 * @param energyDense      estimated energy of the dense network. For a model whose costs do not depend on the
 *                         weights' values ({@code HardwareEnergyModel}) it uses the activation statistics as they are
 *                         now (with zero-skipping, the estimate follows the measured firing rates); for one whose
 *                         costs do ({@code SeedEnergyModel}'s {@code |w|*p*c}) it is the estimate from before the
 *                         step, and in an {@code EnergyPruningCallback}'s history the one from before its first step
 * @param energyUnit       the unit of the energies
 * @param newlyPruned      weights pruned by this step
 * @param millis           wall time of the step itself, in milliseconds: scoring, selecting, writing the masks and
 *                         applying them to the parameters and the updater state (building the energy estimates
 *                         before and after is not included)
 */
public record PruningEvent(int epoch, int iteration, Target target, Map<String, Double> sparsityByLayer,
                           double sparsity, String granularity, double unitSparsity, double energyBefore, double energyAfter, double energyDense,
                           String energyUnit, long newlyPruned, double millis) {

    /** Fraction of the dense estimated energy removed so far. */
    public double energyReduction() {
        return energyDense == 0 ? 0 : 1 - energyAfter / energyDense;
    }

    private String reached() {
        if ("neurons".equals(granularity)) {
            return String.format(java.util.Locale.ROOT, "neurons/filters %.2f%% pruned, weight sparsity %.2f%%",
                    100 * unitSparsity, 100 * sparsity);
        }
        return String.format(java.util.Locale.ROOT, "sparsity %.2f%%", 100 * sparsity);
    }

    /** One log line. */
    public String summary() {
        if (Double.isNaN(energyAfter)) {
            return String.format(java.util.Locale.ROOT,
                    "pruned %d weights at epoch %d (target %s %.3f): %s, estimated energy unknown "
                            + "(give the callback an InputType), %.1f ms",
                    newlyPruned, epoch, target.kind().name().toLowerCase(java.util.Locale.ROOT), target.value(),
                    reached(), millis);
        }
        return String.format(java.util.Locale.ROOT,
                "pruned %d weights at epoch %d (target %s %.3f): %s, estimated energy %.4g -> %.4g %s "
                        + "(%.1f%% below dense), %.1f ms",
                newlyPruned, epoch, target.kind().name().toLowerCase(java.util.Locale.ROOT), target.value(),
                reached(), energyBefore, energyAfter, energyUnit, 100 * energyReduction(), millis);
    }
}
