package io.github.dl4jpruning.benchmark.scenario;

import io.github.dl4jpruning.benchmark.results.BenchmarkResults;
import io.github.dl4jpruning.benchmark.harness.ScenarioContext;

/**
 * One experiment the benchmark can run ({@code --scenario NAME}). A new experiment is a new class registered in
 * {@link Scenarios}, not a new branch in the CLI.
 *
 * <pre>{@code
 * final class DenseScenario implements Scenario {
 *     public String name() { return "dense"; }
 *     public BenchmarkResults run(ScenarioContext ctx) { ... return BenchmarkResults.builder().dense(result).build(); }
 * }
 * }</pre>
 */
public interface Scenario {

    /** The name used on the command line and as a key in {@code benchmark.json}. */
    String name();

    /** One line for {@code --help}. */
    String description();

    /**
     * Runs the experiment.
     *
     * @return the sections of {@code benchmark.json} this experiment measured (the CLI adds {@code config} and
     *         {@code data})
     */
    BenchmarkResults run(ScenarioContext context) throws Exception;
}
