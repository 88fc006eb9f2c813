package io.github.dl4jpruning.benchmark.results;

import java.util.List;

/**
 * The sweep's dense baseline, one network per seed: {@code benchmark.json}'s {@code "dense"} in a sweep.
 *
 * @param accuracy      mean test accuracy over the seeds
 * @param accuracyStd   its sample standard deviation (0 for one seed)
 * @param accuracies    the accuracy of each seed, in seed order
 * @param epochs        training epochs
 * @param trainSeconds  mean wall time of training, s
 * @param seeds         the seeds
 * @param trainExamples training examples per epoch
 * @param testExamples  test examples evaluated
 * @param parameters    number of network parameters
 * @param energyPj      estimated energy per inference of the first seed's network, pJ
 */
public record DenseSeeds(double accuracy, double accuracyStd, List<Double> accuracies, int epochs,
                         double trainSeconds, List<Long> seeds, int trainExamples, int testExamples, long parameters,
                         double energyPj) implements DenseSection {
}
