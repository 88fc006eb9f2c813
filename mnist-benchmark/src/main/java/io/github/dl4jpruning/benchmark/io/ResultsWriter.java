package io.github.dl4jpruning.benchmark.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code benchmark.json} (pretty-printed Jackson) atomically, so a failed run leaves no half file. A value that
 * is not a finite number (NaN: "not measured in this run") is written as {@code null}, which every JSON reader accepts;
 * {@link #mapper()} reads {@code null} (and the {@code "NaN"} strings of earlier files) back as NaN in a {@code double}.
 */
public final class ResultsWriter {

    /** The results file name inside the output directory. */
    public static final String BENCHMARK_JSON = "benchmark.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule("non-finite-as-null")
                    .addSerializer(Double.class, new NonFiniteAsNull())
                    .addSerializer(double.class, new NonFiniteAsNull())
                    .addDeserializer(double.class, new NullAsNaN()));

    private ResultsWriter() {
    }

    /**
     * @param outDirectory created if needed
     * @param sections     the results (the benchmark's {@code BenchmarkResults}), or any value Jackson serialises:
     *                     top-level keys in order, e.g. {@code config}, {@code data}, {@code dense}
     * @return the written file
     */
    public static Path writeJson(Path outDirectory, Object sections) throws IOException {
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

    /** Writes NaN and infinities as {@code null}, finite doubles as numbers. */
    private static final class NonFiniteAsNull extends StdSerializer<Double> {
        NonFiniteAsNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                gen.writeNumber(value);
            } else {
                gen.writeNull();
            }
        }
    }

    /** Reads {@code null} into a {@code double} as NaN (Jackson's default would be 0.0, a wrong measurement). */
    private static final class NullAsNaN extends StdDeserializer<Double> {
        NullAsNaN() {
            super(double.class);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.getValueAsDouble(Double.NaN);
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }
}
