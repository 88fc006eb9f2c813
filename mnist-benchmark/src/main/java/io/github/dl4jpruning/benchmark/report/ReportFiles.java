package io.github.dl4jpruning.benchmark.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dl4jpruning.benchmark.io.AtomicFiles;
import io.github.dl4jpruning.benchmark.io.ResultsWriter;
import io.github.dl4jpruning.benchmark.results.BenchmarkResults;
import io.github.dl4jpruning.benchmark.results.ResultsJson;
import io.github.dl4jpruning.benchmark.results.RunResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the report files beside a {@code benchmark.json}: the {@link SweepCharts} when it has sweep rows, then
 * {@code benchmark.md} ({@link BenchmarkMarkdown}), each atomically.
 *
 * <pre>
 * Path json = ResultsWriter.writeJson(out, results);
 * List&lt;Path&gt; files = ReportFiles.writeReport(json);   // benchmark.md and, for a sweep, the PNGs
 * </pre>
 */
public final class ReportFiles {

    /** The report's file name, beside {@code benchmark.json}. */
    public static final String BENCHMARK_MD = "benchmark.md";

    private ReportFiles() {
    }

    /**
     * Writes {@code benchmark.md} and, if the file has sweep rows, the charts beside a {@code benchmark.json}.
     *
     * @return the files written: the charts, then {@code benchmark.md}
     */
    public static List<Path> writeReport(Path benchmarkJson) throws IOException {
        JsonNode json = ResultsWriter.mapper().readTree(benchmarkJson.toFile());
        Path dir = benchmarkJson.toAbsolutePath().getParent();
        List<RunResult> runs = ResultsJson.runs(json).rows();
        List<Path> written = new ArrayList<>(runs.isEmpty() ? List.of()
                : SweepCharts.write(dir, runs, Cells.number(json.path(BenchmarkResults.DENSE).get("accuracy")),
                Cells.number(json.path(BenchmarkResults.CONTROL).get("accuracy"))));
        written.add(write(dir, json, written));
        return written;
    }

    /**
     * Writes {@code outDir/benchmark.md} atomically.
     *
     * @param charts images to link, by file name (they should be in {@code outDir})
     * @return the written file
     */
    public static Path write(Path outDir, JsonNode benchmark, List<Path> charts) throws IOException {
        Path target = outDir.resolve(BENCHMARK_MD);
        AtomicFiles.write(target, BenchmarkMarkdown.render(benchmark, charts).getBytes(StandardCharsets.UTF_8));
        return target;
    }
}
