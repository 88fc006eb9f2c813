package io.github.dl4jpruning.benchmark.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TarGzReaderTest {

    @Test
    void readsEveryRegularFileWithItsContent(@TempDir Path tmp) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
        entries.put("package/data/t10k-labels-idx1-ubyte", new byte[1000]);
        entries.put("package/empty", new byte[0]);
        Path archive = IdxTestFiles.tgz(tmp.resolve("a.tgz"), entries);

        Map<String, byte[]> read = new LinkedHashMap<>();
        TarGzReader.read(archive, (name, size, content) -> read.put(name, content.readAllBytes()));

        assertThat(read).containsOnlyKeys(entries.keySet());
        entries.forEach((name, bytes) -> assertThat(read.get(name)).isEqualTo(bytes));
    }

    @Test
    void handlerThatReadsNothing_doesNotDesynchroniseTheArchive(@TempDir Path tmp) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a", new byte[700]);
        entries.put("b", "second".getBytes(StandardCharsets.UTF_8));
        Path archive = IdxTestFiles.tgz(tmp.resolve("a.tgz"), entries);

        Map<String, String> read = new LinkedHashMap<>();
        TarGzReader.read(archive, (name, size, content) -> {
            if (name.equals("b")) {
                read.put(name, new String(content.readAllBytes(), StandardCharsets.UTF_8));
            }
        });

        assertThat(read).containsEntry("b", "second");
    }
}
