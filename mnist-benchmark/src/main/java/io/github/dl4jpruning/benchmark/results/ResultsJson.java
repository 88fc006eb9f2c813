package io.github.dl4jpruning.benchmark.results;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.github.dl4jpruning.benchmark.io.ResultsWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@link BenchmarkResults} sections back from a {@code benchmark.json}, old or new, tolerantly: the report must
 * work on any results file, so a row that does not fit {@link RunResult} is counted, not thrown.
 *
 * <pre>{@code
 * JsonNode json = ResultsWriter.mapper().readTree(file.toFile());
 * ResultsJson.Rows rows = ResultsJson.runs(json);
 * }</pre>
 */
public final class ResultsJson {

    private ResultsJson() {
    }

    /**
     * The sweep rows that could be read, and how many could not.
     *
     * @param rows       the rows, in file order
     * @param unreadable rows left out because they do not fit {@link RunResult}
     */
    public record Rows(List<RunResult> rows, int unreadable) {
    }

    /** The {@code runs[]} rows as records; empty when the file has none. */
    public static Rows runs(JsonNode benchmark) {
        JsonNode runs = benchmark.path(BenchmarkResults.RUNS);
        if (!runs.isArray()) {
            return new Rows(List.of(), 0);
        }
        // Unknown fields are tolerated: the record may gain fields that an older file lacks, or the reverse.
        ObjectReader reader = ResultsWriter.mapper().readerFor(RunResult.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        List<RunResult> rows = new ArrayList<>();
        int unreadable = 0;
        for (JsonNode row : runs) {
            try {
                rows.add(reader.readValue(row));
            } catch (IOException | IllegalArgumentException e) {
                unreadable++;
            }
        }
        return new Rows(rows, unreadable);
    }
}
