package io.github.dl4jpruning.benchmark.harness;

import io.github.dl4jpruning.benchmark.data.MnistData;
import io.github.dl4jpruning.benchmark.data.MnistFiles;
import java.io.PrintStream;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * What a scenario gets to work with.
 *
 * @param config  the resolved options
 * @param data    the provisioned, validated MNIST files
 * @param console where progress goes (the CLI's standard output)
 */
public record ScenarioContext(BenchmarkConfig config, MnistFiles data, PrintStream console) {

    /** Training images the options ask for, capped by what the files hold. */
    public int trainCount() {
        return MnistData.effectiveCount(data, true, config.trainExamples());
    }

    /** Test images the options ask for, capped by what the files hold. */
    public int testCount() {
        return MnistData.effectiveCount(data, false, config.testExamples());
    }

    /** The training set at the options' batch size, count and seed. */
    public DataSetIterator train() {
        return MnistData.train(data, config.batchSize(), trainCount(), config.seed());
    }

    /** The test set at the options' batch size, count and seed. */
    public DataSetIterator test() {
        return MnistData.test(data, config.batchSize(), testCount(), config.seed());
    }
}
