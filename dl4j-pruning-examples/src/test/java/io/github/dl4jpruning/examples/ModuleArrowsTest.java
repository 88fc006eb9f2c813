package io.github.dl4jpruning.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The examples need the core, DL4J and the small mnist-data module only (MNIST provisioning, the document's network,
 * a latency helper): the benchmark is not on their class path.
 */
class ModuleArrowsTest {

    @Test
    void theBenchmarkIsNotOnTheExamplesClassPath() {
        for (String benchmarkClass : new String[]{"io.github.dl4jpruning.benchmark.BenchmarkCli",
                "io.github.dl4jpruning.benchmark.scenario.SeedScenario",
                "io.github.dl4jpruning.benchmark.compaction.CompactionExperiment"}) {
            assertThatThrownBy(() -> Class.forName(benchmarkClass)).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void theSharedMnistModuleIs() {
        for (String shared : new String[]{"io.github.dl4jpruning.benchmark.data.MnistProvisioner",
                "io.github.dl4jpruning.benchmark.model.MnistMlp",
                "io.github.dl4jpruning.benchmark.latency.LatencyComparison"}) {
            assertThatCode(() -> Class.forName(shared)).doesNotThrowAnyException();
        }
    }
}
