package io.github.dl4jpruning.benchmark.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dl4jpruning.benchmark.compaction.CompactionMeasurement;
import io.github.dl4jpruning.benchmark.compaction.ResNetMeasurement;
import io.github.dl4jpruning.benchmark.harness.BenchmarkConfig;
import io.github.dl4jpruning.benchmark.harness.Overhead;
import io.github.dl4jpruning.benchmark.harness.PruneStepTiming;
import io.github.dl4jpruning.benchmark.harness.RunTarget;
import io.github.dl4jpruning.benchmark.harness.ThresholdRule;
import io.github.dl4jpruning.benchmark.io.ResultsWriter;
import org.junit.jupiter.api.Test;

import io.github.dl4jpruning.benchmark.zoo.ZooRow;
import io.github.dl4jpruning.benchmark.zoo.ZooRunSummary;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchmarkResultsTest {

    private static final BenchmarkConfig CONFIG = new BenchmarkConfig("sweep", 1, "out", null, 1, true, 128, 6000,
            1000, 1, 1, 1, "horowitz45nm-fp32");

    private static RunResult row() {
        return new RunResult("magnitude", "one-shot", new RunTarget("sparsity", 0.5), 1, 0.5, 0.9, 0.95, 0, 10, 5,
                100, 50, 60, 0.5, List.of(0.95), List.of(1L), false, 1.0, 2.0);
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void everySection_isWrittenUnderItsConstantName_inFileOrder() {
        BenchmarkResults all = BenchmarkResults.builder()
                .dense(new DenseResult(0.97, 5, 10, 1, 60000, 10000, 101770, 0.1))
                .denseSameEpochs(ControlResult.single(0.975, 10))
                .seed(new SeedSection("seed-energy", "lowest", 0.5, 0.5, 0.97, 0.9, 0.97, 5, 10, 5, 0.5,
                        new SeedSection.DocumentClaim(0.974, 0.973), new ThresholdRule(0.7, 1, 0.7, 0.99)))
                .runs(List.of(row()))
                .overhead(new Overhead(1, 2, 2, 5, List.of(1.0), List.of(2.0), 1, 2, 2, 0.5, List.of(0.5), 1.5, 10,
                        0.004, 0.003, 0.002, "interleaved", 1.01, 0.001, 20))
                .pruneStep(new PruneStepTiming("energy-aware", 0.5, 3, 2, 15, List.of(3.0)))
                .compaction(new CompactionMeasurement(0.5, 0.5, 0.6, 0.7, 0, 0.9, 0.9, 0.95, 0.5, 128, 64, 784,
                        false, 100, 50, null, null, 1, 1))
                .sweepSeconds(100)
                .runtime(new io.github.dl4jpruning.benchmark.compaction.RuntimeMeasurement(6, 5, 1, 0, 2, 3, 3, 1,
                        6000, 1, List.of()))
                .resnet(resnet())
                .zoo(List.of(zooRow()))
                .zooRun(new ZooRunSummary(12.5, 1, 1, 300, 6000, 900))
                .pruneStepScaling(List.of(new io.github.dl4jpruning.benchmark.jmh.StepScaling(101_632, 4.5)))
                .build()
                .withRun(CONFIG, new DataSection("/mnist", "USER_DIRECTORY", true, 60000, 10000));

        JsonNode json = ResultsWriter.mapper().valueToTree(all);

        assertThat(keys(json)).containsExactlyElementsOf(BenchmarkResults.SECTIONS);
        assertThat(json.get(BenchmarkResults.PRUNE_STEP_MILLIS).asDouble()).isEqualTo(3.0);
        assertThat(keys(json.at("/pruneStepScaling/0"))).as("issue 14's names").containsExactly("weights", "millis");
        assertThat(json.at("/pruneStepScaling/0/weights").asLong()).isEqualTo(101_632);
        assertThat(json.at("/overhead/ratioSpread").asDouble()).isEqualTo(0.004);
        assertThat(json.at("/seed/documentClaim/accuracyBefore").asDouble()).isEqualTo(0.974);
        assertThat(keys(json.get(BenchmarkResults.CONTROL))).containsExactly("accuracy", "epochs");
    }

    private static ZooRow zooRow() {
        return new ZooRow("LeNet", 56080L, 16261L, 55500L, 15966L, true, true, true, 0, 0.0, 2.5, null, "1x1x1", true);
    }

    @Test
    void theZooBlock_hasTheFieldNamesTheIssueFixes_andKeepsNullFigures() {
        ZooRow failed = new ZooRow("NASNet", null, null, null, null, false, false, false, null, null, null,
                "build: IllegalArgumentException: no inputs", "3x224x224", false);
        JsonNode json = ResultsWriter.mapper().valueToTree(BenchmarkResults.builder()
                .zoo(List.of(zooRow(), failed)).build());
        for (JsonNode row : json.get(BenchmarkResults.ZOO)) {
            assertThat(keys(row)).startsWith("model", "paramsBefore", "paramsAfter", "macsBefore", "macsAfter",
                    "unstructuredOk", "structuredOk", "compactedOk", "layersEmptied", "maxAbsOutputDiff",
                    "stepSeconds", "reason");
        }
        assertThat(json.at("/zoo/1/paramsBefore").isNull()).isTrue();
        assertThat(json.at("/zoo/1/reason").asText()).startsWith("build: ");
        assertThat(json.at("/zoo/0/layersEmptied").asInt()).isZero();
    }

    private static ResNetMeasurement resnet() {
        return new ResNetMeasurement(0.98, 0.985, 0.982, 0.982, 0.5, 0.29, 0.8, 0.5, 3e-7, 8, 1, 1, 338848, 98864,
                null, null, 20000, 0.4, 0.3, 2e-6, null, null);
    }

    @Test
    void theResnetBlock_hasTheFieldNamesTheIssueFixes() {
        JsonNode json = ResultsWriter.mapper().valueToTree(BenchmarkResults.builder().resnet(resnet()).build());

        assertThat(keys(json)).containsExactly(BenchmarkResults.RESNET);
        assertThat(keys(json.get("resnet"))).startsWith("accuracyDense", "accuracyControl", "accuracyPruned",
                "accuracyCompacted", "filterSparsity", "macRatio", "latencyRatioBatch1", "latencyRatioBatch64");
        assertThat(json.at("/resnet/latencyRatioBatch64").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/resnet/runtimeLatencyRatioBatch1").asDouble()).isEqualTo(0.4);
        assertThat(json.at("/resnet/runtimeLatencyRatioBatch64").asDouble()).isEqualTo(0.3);
    }

    @Test
    void sectionsAScenarioDidNotMeasure_areLeftOut_butNullFieldsInsideASectionStay() {
        BenchmarkResults dense = BenchmarkResults.builder()
                .dense(new DenseResult(0.97, 5, 10, Double.NaN, 60000, 10000, 101770, 0.1)).build()
                .withRun(CONFIG, new DataSection("/mnist", "USER_DIRECTORY", true, 60000, 10000));

        JsonNode json = ResultsWriter.mapper().valueToTree(dense);

        assertThat(keys(json)).containsExactly("config", "data", "dense");
        assertThat(json.at("/config").has("dataDir")).isTrue();
        assertThat(json.at("/dense").has("evalSeconds")).isTrue();
    }

    @Test
    void theSweepsDenseSection_keepsItsOwnFields() {
        BenchmarkResults sweep = BenchmarkResults.builder()
                .dense(new DenseSeeds(0.97, 0.01, List.of(0.96, 0.98), 5, 10, List.of(1L, 2L), 6000, 1000, 101770,
                        1e6))
                .denseSameEpochs(new ControlResult(0.975, 0.01, List.of(0.97, 0.98), 10))
                .build();

        JsonNode json = ResultsWriter.mapper().valueToTree(sweep);

        assertThat(keys(json.get("dense"))).containsExactly("accuracy", "accuracyStd", "accuracies", "epochs",
                "trainSeconds", "seeds", "trainExamples", "testExamples", "parameters", "energyPj");
        assertThat(keys(json.get("denseSameEpochs"))).containsExactly("accuracy", "accuracyStd", "accuracies",
                "epochs");
    }

    @Test
    void runs_readBackFromTheFile_countingRowsThatDoNotFit() {
        JsonNode json = ResultsWriter.mapper().valueToTree(BenchmarkResults.builder().runs(List.of(row())).build());
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("runs")).addObject().put("target", "not an object");

        ResultsJson.Rows rows = ResultsJson.runs(json);

        assertThat(rows.rows()).containsExactly(row());
        assertThat(rows.unreadable()).isEqualTo(1);
    }
}
