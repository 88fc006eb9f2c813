package io.github.dl4jpruning.benchmark;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's packages stand on floors, and a package imports only from floors below its own: the CLI on top, then
 * the report, the scenarios, the results records, the shared harness (and the compaction experiment), and at the
 * bottom the network, latency helper, progress bar, I/O and the MNIST files (the last four partly in mnist-data).
 */
class PackageFloorsTest {

    private static final Map<String, Integer> FLOORS = Map.ofEntries(
            Map.entry("io", 0), Map.entry("model", 0), Map.entry("progress", 0), Map.entry("data", 0), Map.entry("latency", 0),
            Map.entry("harness", 1), Map.entry("compaction", 1), Map.entry("jmh", 1), Map.entry("zoo", 1),
            Map.entry("results", 2), Map.entry("scenario", 3), Map.entry("report", 4), Map.entry("", 5));
    private static final String BASE = "io.github.dl4jpruning.benchmark";
    private static final Pattern REFERENCE = Pattern.compile(Pattern.quote(BASE) + "\\.(?:([a-z]\\w*)\\.)?[A-Z]\\w*");

    @Test
    void noPackageImportsOneOnItsOwnFloorOrAbove() throws IOException {
        Path root = Path.of("src/main/java", BASE.split("\\."));
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String own = root.relativize(f.getParent()).toString().replace('/', '.');
                assertThat(FLOORS).as("floor of package '%s'", own).containsKey(own);
                Matcher m = REFERENCE.matcher(Files.readString(f));
                while (m.find()) {
                    String other = m.group(1) == null ? "" : m.group(1);
                    if (!other.equals(own) && FLOORS.getOrDefault(other, 99) >= FLOORS.get(own)) {
                        upward.add(f.getFileName() + " (" + own + ") -> " + m.group());
                    }
                }
            }
        }
        assertThat(upward).isEmpty();
    }
}
