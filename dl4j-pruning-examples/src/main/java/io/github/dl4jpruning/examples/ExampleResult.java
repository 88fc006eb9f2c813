package io.github.dl4jpruning.examples;

import io.github.dl4jpruning.report.PruningReport;

/**
 * What an example reached, so that a test can check it without parsing the console.
 *
 * @param accuracyBefore        test accuracy of the dense network, a fraction
 * @param accuracyAfter         test accuracy of the pruned network, a fraction
 * @param sparsity              fraction of the weights that are zero at the end
 * @param energyDensePicojoules estimated energy per inference of the dense network, in pJ
 * @param energyAfterPicojoules estimated energy per inference of the pruned network, in pJ
 */
public record ExampleResult(double accuracyBefore, double accuracyAfter, double sparsity,
                            double energyDensePicojoules, double energyAfterPicojoules) {

    /** Reads sparsity and energies from a report of the pruned network. */
    static ExampleResult of(double accuracyBefore, double accuracyAfter, PruningReport report) {
        return new ExampleResult(accuracyBefore, accuracyAfter, report.totalRow().weightSparsity(),
                report.total().dense(), report.total().pruned());
    }

    /** Fraction of the dense estimated energy removed. */
    public double energyReduction() {
        return 1 - energyAfterPicojoules / energyDensePicojoules;
    }

    /** Whether {@code --quick} is among the command-line arguments. */
    static boolean quick(String[] args) {
        for (String a : args) {
            if (a.equals("--quick")) {
                return true;
            }
            throw new IllegalArgumentException("unknown argument '" + a + "'; the only option is --quick");
        }
        return false;
    }
}
