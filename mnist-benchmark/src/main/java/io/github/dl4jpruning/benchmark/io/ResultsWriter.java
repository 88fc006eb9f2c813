package io.github.dl4jpruning.benchmark.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes {@code benchmark.json} (pretty-printed Jackson) atomically, so a failed run leaves no half file. */
public final class ResultsWriter {

    /** The results file name inside the output directory. */
    public static final String BENCHMARK_JSON = "benchmark.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsWriter() {
    }

    /**
     * @param outDirectory created if needed
     * @param sections     top-level keys in order, e.g. {@code config}, {@code data}, {@code dense}
     * @return the written file
     */
    public static Path writeJson(Path outDirectory, Map<String, Object> sections) throws IOException {
        Files.createDirectories(outDirectory);
        Path target = outDirectory.resolve(BENCHMARK_JSON);
        byte[] json = MAPPER.writeValueAsBytes(sections);
        AtomicFiles.write(target, json);
        return target;
    }

    /** The shared mapper, for readers of the results. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
