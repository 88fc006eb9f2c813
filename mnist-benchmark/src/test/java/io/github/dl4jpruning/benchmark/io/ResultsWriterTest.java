package io.github.dl4jpruning.benchmark.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultsWriterTest {

    record Measured(double accuracy, double oneShot, Double boxed) {
    }

    @Test
    void nonFiniteNumbers_areWrittenAsNull_andReadBackAsNaN(@TempDir Path dir) throws IOException {
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("run", new Measured(0.975, Double.NaN, Double.POSITIVE_INFINITY));
        sections.put("millis", List.of(1.5, Double.NaN));

        Path file = ResultsWriter.writeJson(dir, sections);
        String text = Files.readString(file);
        JsonNode strict = new ObjectMapper().disable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS).readTree(text);

        assertThat(text).doesNotContain("NaN", "Infinity");
        assertThat(strict.at("/run/accuracy").doubleValue()).isEqualTo(0.975);
        assertThat(strict.at("/run/oneShot").isNull()).isTrue();
        assertThat(strict.at("/run/boxed").isNull()).isTrue();
        assertThat(strict.at("/millis/1").isNull()).isTrue();
        Measured back = ResultsWriter.mapper().treeToValue(strict.get("run"), Measured.class);
        assertThat(back.accuracy()).isEqualTo(0.975);
        assertThat(back.oneShot()).isNaN();
    }

    @Test
    void olderFilesWithNaNStrings_stillRead() throws IOException {
        Measured old = ResultsWriter.mapper().readValue("{\"accuracy\":\"NaN\",\"oneShot\":0.5}", Measured.class);

        assertThat(old.accuracy()).isNaN();
        assertThat(old.oneShot()).isEqualTo(0.5);
    }
}
