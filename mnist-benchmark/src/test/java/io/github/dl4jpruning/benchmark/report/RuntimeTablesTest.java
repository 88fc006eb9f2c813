package io.github.dl4jpruning.benchmark.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dl4jpruning.benchmark.compaction.RuntimeMeasurement;
import io.github.dl4jpruning.benchmark.io.ResultsWriter;
import io.github.dl4jpruning.benchmark.results.BenchmarkResults;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The runtime block is written under the fixed names and rendered with each target marked met or not. */
class RuntimeTablesTest {

    private static final RuntimeMeasurement MEASURED = new RuntimeMeasurement(6.25, 3.5, 1.2, 7.2e-7, 2.9, 3.03,
            2.7, 0.891, 6000, 1, List.of(
                    new RuntimeMeasurement.Row("784-128-10 sparse90", "dl4j", "nd4j", 1, 101_632, 160.5, 150, 170),
                    new RuntimeMeasurement.Row("784-128-10 sparse90", "runtime", "csr/csr csr/csr", 1, 10_163, 25.68,
                            25, 27)));

    private static JsonNode json() {
        return ResultsWriter.mapper().valueToTree(BenchmarkResults.builder().runtime(MEASURED).build());
    }

    @Test
    void jsonUsesTheFixedNames() {
        JsonNode runtime = json().path(BenchmarkResults.RUNTIME);
        assertThat(runtime.path("sparse90Batch1SpeedupVsDl4j").asDouble()).isEqualTo(6.25);
        assertThat(runtime.path("compactBatch1SpeedupVsDl4j").asDouble()).isEqualTo(3.5);
        assertThat(runtime.path("batch128RatioVsDl4j").asDouble()).isEqualTo(1.2);
        assertThat(runtime.path("maxAbsOutputDiff").asDouble()).isEqualTo(7.2e-7);
        assertThat(runtime.path("rows")).hasSize(2);
    }

    @Test
    void markdownMarksEachTargetMetOrNot() {
        String md = BenchmarkMarkdown.render(json());
        assertThat(md).contains("## Inference runtime")
                .contains("(`sparse90Batch1SpeedupVsDl4j`) | 6.250 | >= 5 | yes |")
                .contains("(`compactBatch1SpeedupVsDl4j`) | 3.500 | >= 4 | no |")
                .contains("(`batch128RatioVsDl4j`) | 1.200 | <= 1.10 | no |")
                .contains("(`lenetSpeedupOverMacRatio`) | 0.891 | >= 0.8 | yes |")
                .contains("(`maxAbsOutputDiff`) | 7.20e-07 | <= 1e-5 | yes |")
                .contains("| 784-128-10 sparse90 | runtime | csr/csr csr/csr | 1 | 10,163 | 25.7 | 25.0 – 27.0 |");
        assertThat(md).doesNotContain("## Runtime\n");
    }
}
