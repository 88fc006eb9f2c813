package io.github.dl4jpruning.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The examples need the core, DL4J and the MNIST files only: the benchmark is not on their class path. */
class ModuleArrowsTest {

    @Test
    void theBenchmarkIsNotOnTheExamplesClassPath() {
        for (String benchmarkClass : new String[]{"io.github.dl4jpruning.benchmark.BenchmarkCli",
                "io.github.dl4jpruning.benchmark.model.MnistMlp",
                "io.github.dl4jpruning.benchmark.compaction.LatencyComparison"}) {
            assertThatThrownBy(() -> Class.forName(benchmarkClass)).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void theMnistProvisioningIs() {
        assertThatCode(() -> Class.forName("io.github.dl4jpruning.benchmark.data.MnistProvisioner"))
                .doesNotThrowAnyException();
    }
}
