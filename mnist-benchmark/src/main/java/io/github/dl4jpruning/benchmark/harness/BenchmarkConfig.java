package io.github.dl4jpruning.benchmark.harness;

import io.github.dl4jpruning.energy.EnergyTable;

/**
 * Every option of one benchmark run, as resolved (defaults and {@code --quick} applied); written to
 * {@code benchmark.json} under {@code "config"}.
 *
 * @param scenario      scenario name, e.g. {@code dense}
 * @param epochs        training epochs
 * @param out           output directory
 * @param dataDir       user MNIST directory, or {@code null} for the default provisioning order
 * @param seed          seed for weights and shuffling
 * @param quick         true for the smoke-test subset
 * @param batchSize     minibatch size
 * @param trainExamples training examples used (0 = all)
 * @param testExamples  test examples used (0 = all)
 * @param retrainEpochs epochs of retraining after (or during, for AGP) pruning; the dense same-epochs control trains
 *                      {@code epochs + retrainEpochs}
 * @param seeds         seeds of the sweep's headline rows ({@code seed, seed + 1, ...}); other rows use the first
 * @param threads       threads ND4J may use per operation; the last digits of the results depend on it (the order of
 *                      floating-point sums), so it is part of what makes a run reproducible
 * @param energyTable   the {@link EnergyTable} preset the energy estimates use, e.g. {@code horowitz45nm-fp32}
 */
public record BenchmarkConfig(String scenario, int epochs, String out, String dataDir, long seed, boolean quick,
                              int batchSize, int trainExamples, int testExamples, int retrainEpochs, int seeds,
                              int threads, String energyTable) {

    /** Training examples in quick mode. */
    public static final int QUICK_TRAIN_EXAMPLES = 6000;
    /** Test examples in quick mode. */
    public static final int QUICK_TEST_EXAMPLES = 1000;

    public BenchmarkConfig {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        }
        if (retrainEpochs < 0) {
            throw new IllegalArgumentException("retrain epochs must be >= 0, got " + retrainEpochs);
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        EnergyTable.byName(energyTable);
        if (trainExamples < 0 || testExamples < 0) {
            throw new IllegalArgumentException("example counts must be >= 0 (0 = all), got train "
                    + trainExamples + ", test " + testExamples);
        }
    }
}
