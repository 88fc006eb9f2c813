package io.github.dl4jpruning.benchmark.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dl4jpruning.benchmark.harness.BenchmarkConfig;
import io.github.dl4jpruning.benchmark.io.ResultsWriter;
import io.github.dl4jpruning.benchmark.results.DenseResult;
import io.github.dl4jpruning.benchmark.results.RunResult;
import io.github.dl4jpruning.benchmark.harness.RunTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BenchmarkMarkdownTest {

    @TempDir
    Path dir;

    private static final RunResult MAGNITUDE_ONE_SHOT = new RunResult("magnitude", "one-shot",
            new RunTarget("sparsity", 0.9), 1, 0.9, 0.9512, 0.9765, 0, 2.0e6, 2.5e5, 101_632, 10_163, 10_177, 0.875,
            List.of(0.9765), List.of(12345L), false, 3.25, 41.5);
    private static final RunResult ENERGY_AWARE_AGP = new RunResult("energy-aware", "agp",
            new RunTarget("energy", 0.8), 3, 0.8312, Double.NaN, 0.97904, 0.0015, 2.0e6, 4.0e5, 101_632, 17_155,
            17_190, 0.8, List.of(0.9775, 0.9791, 0.9805), List.of(1L, 2L, 3L), true, 4.5, 40.0);

    private static Map<String, Object> minimal() {
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("config", new BenchmarkConfig("sweep", 5, "results", null, 12345, false, 128, 0, 0, 5, 3, 1,
                "horowitz45nm-fp32"));
        sections.put("dense", new DenseResult(0.9812, 5, 30.25, 0.5, 60_000, 10_000, 101_770, 0.05));
        return sections;
    }

    private static Map<String, Object> full() {
        Map<String, Object> sections = minimal();
        sections.put("denseSameEpochs", new DenseResult(0.9825, 10, 61.0, 0.5, 60_000, 10_000, 101_770, 0.04));
        sections.put("seed", Map.of("accuracyDense", 0.9741, "accuracyAfterPrune", 0.9602,
                "accuracyAfterRetrain", 0.9733, "sparsity", 0.5, "energyReduction", 0.48));
        sections.put("runs", List.of(MAGNITUDE_ONE_SHOT, ENERGY_AWARE_AGP));
        Map<String, Object> overhead = new LinkedHashMap<>();
        overhead.put("fitSecondsPlain", 30.0);
        overhead.put("fitSecondsWithPruning", 33.3);
        overhead.put("ratio", 1.11);
        sections.put("overhead", overhead);
        sections.put("pruneStepMillis", 3.875);
        Map<String, Object> compaction = new LinkedHashMap<>();
        compaction.put("accuracyCompacted", 0.9701);
        compaction.put("neuronsRemovedFraction", 0.75);
        compaction.put("macRatio", 0.25);
        compaction.put("latencyRatioBatch1", 0.61);
        compaction.put("latencyRatioBatch128", 0.32);
        compaction.put("maxAbsOutputDiff", 2.5e-7);
        compaction.put("accuracyMasked", 0.9702);
        compaction.put("latencyMaskedBatch1Micros", 81.25);
        sections.put("compaction", compaction);
        return sections;
    }

    /** As the benchmark writes it and a reader gets it back: NaN is written as null. */
    private static JsonNode json(Map<String, Object> sections) throws IOException {
        return ResultsWriter.mapper().readTree(ResultsWriter.mapper().writeValueAsBytes(sections));
    }

    @Test
    void fullResults_renderEverySection() throws IOException {
        String md = BenchmarkMarkdown.render(json(full()));

        assertThat(md).startsWith("# MNIST pruning benchmark\n")
                .contains("**Config:** scenario sweep, epochs 5, out results, seed 12345, quick no, "
                        + "batch size 128, train examples all, test examples all, retrain epochs 5, seeds 3, threads 1, "
                        + "energy table horowitz45nm-fp32\n")
                .contains("| dense | 98.12 | 5 | 30.3 | 60,000 | 10,000 | 101,770 |")
                .contains("| dense, same epochs (control) | 98.25 | 10 | 61.0 | 60,000 | 10,000 | 101,770 |")
                .contains("## The document's experiment", "97.4% dense → 97.3%",
                        "| accuracy, dense | 97.41% |", "| accuracy after pruning | 96.02% |",
                        "| accuracy after retraining | 97.33% |", "| energy reduction | 48.00% |")
                .contains("| magnitude | one-shot | 90% sparsity | 1 | 90.00 | 95.12 | 97.65 | 2.000e+06 → 2.500e+05 "
                        + "| 87.50 | 10,163 / 101,632 | 10,177 |")
                .contains("| energy-aware | agp | 80% less energy | 3 | 83.12 | – | 97.90 ± 0.15 | 2.000e+06 → 4.000e+05 "
                        + "| 80.00 | 17,155 / 101,632 | 17,190 |")
                .contains("| fit without pruning | 30.00 s |", "| fit with the pruning callback | 33.30 s |",
                        "| ratio (with / without), median over blocks | 1.110 |")
                .contains("One pruning step (score, select, mask): 3.875 ms.")
                .contains("| hidden neurons removed | 75.00% |", "| MACs compacted / dense | 0.250 |",
                        "| latency compacted / masked, batch 1 | 0.610 |",
                        "| latency compacted / masked, batch 128 | 0.320 |",
                        "| max \\|output masked − compacted\\| | 2.500e-07 |", "| accuracy, masked dense | 97.02% |",
                        "| accuracy, compacted | 97.01% |", "| latency masked batch 1 | 81.3 µs |")
                .doesNotContain("NaN", "null");
    }

    @Test
    void headline_listsOnlyHeadlineRows_withEachSeed() throws IOException {
        String md = BenchmarkMarkdown.render(json(full()));
        String headline = md.substring(md.indexOf("## Headline"), md.indexOf("## Runs"));

        assertThat(headline).contains("| 80% less energy | energy-aware | agp | 3 | 97.90 ± 0.15 | 97.75, 97.91, 98.05 "
                + "| 83.12 | 80.00 |").doesNotContain("magnitude");
    }

    @Test
    void resnetBlock_rendersItsFiguresUnderTheirLabels() throws IOException {
        Map<String, Object> sections = minimal();
        Map<String, Object> resnet = new LinkedHashMap<>();
        resnet.put("accuracyDense", 0.9812);
        resnet.put("accuracyControl", 0.9851);
        resnet.put("accuracyPruned", 0.9833);
        resnet.put("accuracyCompacted", 0.9833);
        resnet.put("filterSparsity", 0.5);
        resnet.put("macRatio", 0.29);
        resnet.put("latencyRatioBatch1", 0.87);
        resnet.put("latencyRatioBatch64", 0.54);
        sections.put("resnet", resnet);

        String md = BenchmarkMarkdown.render(json(sections));

        String block = md.substring(md.indexOf("## ResNet-style CNN"));
        assertThat(block).contains("| accuracy, dense same-epochs control |").contains("| filters removed |")
                .contains("| latency compacted / dense, batch 64 |").doesNotContain("| latencyRatioBatch64 |");
    }

    @Test
    void absentSections_areLeftOut() throws IOException {
        String md = BenchmarkMarkdown.render(json(minimal()));

        assertThat(md).contains("## Dense baseline", "| dense | 98.12 |")
                .doesNotContain("control", "## Headline", "## Runs", "## Charts", "## The document's experiment",
                        "## Training overhead", "## Pruning step time", "## Compaction", "null");
    }

    @Test
    void nanValues_printAsDash() throws IOException {
        Map<String, Object> sections = minimal();
        sections.put("dense", new DenseResult(Double.NaN, 5, 30.25, 0.5, 60_000, 10_000, 101_770, Double.NaN));
        sections.put("pruneStepMillis", Double.NaN);

        String md = BenchmarkMarkdown.render(json(sections));

        assertThat(md).contains("| dense | – | 5 |", "One pruning step (score, select, mask): –.")
                .doesNotContain("NaN");
    }

    @Test
    void treeOfTheSectionsInMemory_rendersLikeTheFile() throws IOException {
        JsonNode inMemory = ResultsWriter.mapper().valueToTree(full());

        assertThat(BenchmarkMarkdown.render(inMemory)).isEqualTo(BenchmarkMarkdown.render(json(full())))
                .contains("| energy-aware | agp | 80% less energy | 3 | 83.12 | – |");
    }

    @Test
    void unknownSection_isShownAsATableOfItsFields() throws IOException {
        Map<String, Object> sections = minimal();
        sections.put("quantization", Map.of("bits", 8, "accuracyInt8", 0.9799));

        assertThat(BenchmarkMarkdown.render(json(sections)))
                .contains("## Quantization", "| bits | 8 |", "| accuracy int 8 | 97.99% |");
    }

    @Test
    void writeReport_writesMarkdownAndChartsBesideTheJson_andLinksTheCharts() throws IOException {
        Path json = ResultsWriter.writeJson(dir, full());

        List<Path> written = ReportFiles.writeReport(json);

        assertThat(written).containsExactly(dir.resolve(SweepCharts.ACCURACY_VS_SPARSITY),
                dir.resolve(SweepCharts.ACCURACY_VS_ENERGY), dir.resolve(ReportFiles.BENCHMARK_MD));
        SweepChartsTest.assertIsPng(written.get(0));
        String md = Files.readString(written.get(2));
        assertThat(md).contains("## Charts", "](accuracy-vs-sparsity.png)", "](accuracy-vs-energy.png)");
    }

    @Test
    void writeReport_withoutRuns_writesOnlyTheMarkdown() throws IOException {
        Path json = ResultsWriter.writeJson(dir, minimal());

        assertThat(ReportFiles.writeReport(json)).containsExactly(dir.resolve(ReportFiles.BENCHMARK_MD));
        assertThat(Files.readString(dir.resolve(ReportFiles.BENCHMARK_MD))).doesNotContain("## Charts");
    }

    @Test
    void unreadableRun_isCountedNotThrown() throws IOException {
        Map<String, Object> sections = minimal();
        sections.put("runs", List.of(MAGNITUDE_ONE_SHOT, Map.of("criterion", "magnitude",
                "target", Map.of("kind", "bogus", "value", 2))));

        String md = BenchmarkMarkdown.render(json(sections));

        assertThat(md).contains("| magnitude | one-shot | 90% sparsity |",
                "1 row of runs[] could not be read and is not shown.");
    }
}
