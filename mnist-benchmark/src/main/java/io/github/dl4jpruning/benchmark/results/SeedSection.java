package io.github.dl4jpruning.benchmark.results;

import io.github.dl4jpruning.benchmark.harness.ThresholdRule;

/**
 * {@code benchmark.json}'s {@code "seed"}: the source document's experiment against its claim.
 *
 * @param criterion            the criterion pruned with ({@code seed-energy})
 * @param direction            which end of the criterion was pruned, in words
 * @param targetSparsity       the sparsity asked for
 * @param achievedSparsity     the weight sparsity reached
 * @param accuracyDense        test accuracy of the dense network
 * @param accuracyAfterPrune   test accuracy right after pruning
 * @param accuracyAfterRetrain test accuracy after retraining with the masks held
 * @param retrainEpochs        retraining epochs
 * @param energyDensePj        estimated energy per inference, dense, pJ
 * @param energyPrunedPj       estimated energy per inference, pruned, pJ
 * @param energyReduction      {@code 1 - energyPrunedPj / energyDensePj}
 * @param documentClaim        the document's own figures
 * @param thresholdRule        the document's threshold rule, evaluated on the dense network
 */
public record SeedSection(String criterion, String direction, double targetSparsity, double achievedSparsity,
                          double accuracyDense, double accuracyAfterPrune, double accuracyAfterRetrain,
                          int retrainEpochs, double energyDensePj, double energyPrunedPj, double energyReduction,
                          DocumentClaim documentClaim, ThresholdRule thresholdRule) {

    /**
     * The source document's claim, section 5.3.
     *
     * @param accuracyBefore test accuracy before pruning
     * @param accuracyAfter  test accuracy after pruning and retraining
     */
    public record DocumentClaim(double accuracyBefore, double accuracyAfter) {
    }
}
