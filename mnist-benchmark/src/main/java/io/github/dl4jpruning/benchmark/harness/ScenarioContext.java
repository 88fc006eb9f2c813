package io.github.dl4jpruning.benchmark.harness;

import io.github.dl4jpruning.benchmark.data.MnistFiles;

import java.io.PrintStream;

/**
 * What a scenario gets to work with.
 *
 * @param config  the resolved options
 * @param data    the provisioned, validated MNIST files
 * @param console where progress goes (the CLI's standard output)
 */
public record ScenarioContext(BenchmarkConfig config, MnistFiles data, PrintStream console) {
}
