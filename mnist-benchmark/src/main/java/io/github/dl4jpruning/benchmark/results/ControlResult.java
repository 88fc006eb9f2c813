package io.github.dl4jpruning.benchmark.results;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * {@code benchmark.json}'s {@code "denseSameEpochs"}: the dense network trained as many epochs as the pruned ones
 * (training plus retraining), without pruning: the fair control.
 *
 * @param accuracy    test accuracy (mean over seeds)
 * @param accuracyStd sample standard deviation over seeds, or {@code null} (left out) for one network
 * @param accuracies  each seed's accuracy, or {@code null} (left out) for one network
 * @param epochs      epochs trained in all
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControlResult(double accuracy, Double accuracyStd, List<Double> accuracies, int epochs) {

    /** The control of one network. */
    public static ControlResult single(double accuracy, int epochs) {
        return new ControlResult(accuracy, null, null, epochs);
    }
}
