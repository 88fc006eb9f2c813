package io.github.dl4jpruning.benchmark.results;

import io.github.dl4jpruning.benchmark.harness.RunTarget;
import java.util.List;

/**
 * One row of {@code benchmark.json}'s {@code runs[]}: a criterion, a schedule and a target, averaged over its seeds.
 * The field names are read by tools and must not change (add new ones freely).
 *
 * @param criterion        criterion name ({@code random, magnitude, activation-weighted, seed-energy, energy-aware})
 * @param schedule         {@code one-shot} (prune the trained network once, then retrain) or {@code agp}
 *                         (Zhu and Gupta's cubic schedule during the retraining epochs)
 * @param target           what was asked for
 * @param seeds            how many seeds the figures average
 * @param achievedSparsity weight sparsity reached (mean over seeds)
 * @param accuracyOneShot  test accuracy right after the one-shot prune, before retraining (NaN for {@code agp})
 * @param accuracyAfter    test accuracy after retraining (mean over seeds)
 * @param accuracyAfterStd sample standard deviation of {@code accuracyAfter} over seeds (0 for one seed)
 * @param energyDensePj    estimated energy per inference of the dense network, pJ
 * @param energyPrunedPj   estimated energy per inference after pruning and retraining, pJ
 * @param macsDense        multiply-accumulates per inference, dense
 * @param macsEffective    multiply-accumulates per inference with non-zero weights only
 * @param paramsNonZero    non-zero weights and biases
 * @param energyReduction  {@code 1 - energyPrunedPj / energyDensePj}
 * @param accuracies       {@code accuracyAfter} of each seed, in seed order
 * @param seedValues       the seeds
 * @param headline         true for the rows averaged over several seeds (best criterion per target, the document's
 *                         criterion)
 * @param pruneStepMillis  mean wall time of one pruning step (score, select, mask) in this run
 * @param trainSeconds     wall time of the pruning and retraining epochs (mean over seeds)
 */
public record RunResult(String criterion, String schedule, RunTarget target, int seeds, double achievedSparsity,
                        double accuracyOneShot, double accuracyAfter, double accuracyAfterStd, double energyDensePj,
                        double energyPrunedPj, long macsDense, long macsEffective, long paramsNonZero,
                        double energyReduction, List<Double> accuracies, List<Long> seedValues, boolean headline,
                        double pruneStepMillis, double trainSeconds) {
}
