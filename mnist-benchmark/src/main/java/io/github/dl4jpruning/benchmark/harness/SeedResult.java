package io.github.dl4jpruning.benchmark.harness;

/**
 * What one pruning run (one row of the sweep, one seed) measured.
 *
 * @param seed             the seed of the dense network and the data order
 * @param achievedSparsity weight sparsity over both layers after retraining
 * @param accuracyOneShot  test accuracy right after the one-shot prune (NaN for AGP)
 * @param accuracyAfter    test accuracy after retraining
 * @param energyDensePj    estimated energy per inference of the dense network (its own firing rates), pJ
 * @param energyPrunedPj   estimated energy per inference of the pruned network (its own firing rates), pJ
 * @param macsDense        MACs per inference, dense
 * @param macsEffective    MACs per inference with non-zero weights only
 * @param paramsNonZero    non-zero weights and biases
 * @param pruneSteps       pruning steps taken
 * @param pruneStepMillis  mean wall time of one step
 * @param trainSeconds     wall time of pruning and retraining
 */
public record SeedResult(long seed, double achievedSparsity, double accuracyOneShot, double accuracyAfter,
                         double energyDensePj, double energyPrunedPj, long macsDense, long macsEffective,
                         long paramsNonZero, int pruneSteps, double pruneStepMillis, double trainSeconds) {
}
