package io.github.dl4jpruning.benchmark.results;

/**
 * The dense (unpruned) baseline: {@code benchmark.json}'s {@code "dense"} section.
 *
 * @param accuracy      test accuracy, a fraction in [0, 1]
 * @param epochs        training epochs
 * @param trainSeconds  wall time of {@code fit}, seconds
 * @param evalSeconds   wall time of the test evaluation, seconds
 * @param trainExamples training examples per epoch
 * @param testExamples  test examples evaluated
 * @param parameters    number of network parameters
 * @param finalLoss     the model's score after the last minibatch
 */
public record DenseResult(double accuracy, int epochs, double trainSeconds, double evalSeconds, int trainExamples,
                          int testExamples, long parameters, double finalLoss) implements DenseSection {
}
