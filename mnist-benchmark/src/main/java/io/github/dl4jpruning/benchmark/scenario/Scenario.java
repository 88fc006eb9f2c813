package io.github.dl4jpruning.benchmark.scenario;

import io.github.dl4jpruning.benchmark.harness.ScenarioContext;
import java.util.Map;

/**
 * One experiment the benchmark can run ({@code --scenario NAME}). A new experiment is a new class registered in
 * {@link Scenarios}, not a new branch in the CLI.
 *
 * <pre>{@code
 * final class DenseScenario implements Scenario {
 *     public String name() { return "dense"; }
 *     public Map<String, Object> run(ScenarioContext ctx) { ... return Map.of("dense", result); }
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
     * @return top-level sections of {@code benchmark.json} (each value serialisable by Jackson), e.g. {@code "dense"}
     */
    Map<String, Object> run(ScenarioContext context) throws Exception;
}
