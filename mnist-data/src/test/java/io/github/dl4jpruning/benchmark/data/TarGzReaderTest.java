package io.github.dl4jpruning.benchmark.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** A ustar header of {@code type} declaring {@code size} bytes, with a valid checksum. */
    private static byte[] header(String name, char type, long size) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        return h;
    }

    private static void put(byte[] header, int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
    }

    /** Writes a .tgz whose body the caller streams. */
    private static Path tgz(Path file, TarBody body) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
            body.write(out);
        }
        return file;
    }

    @FunctionalInterface
    private interface TarBody {
        void write(OutputStream out) throws IOException;
    }

    @Test
    void paxHeaderDeclaringGigabytes_endsInIOException_notAnError(@TempDir Path tmp) throws IOException {
        Path archive = tgz(tmp.resolve("pax.tgz"), out -> {
            out.write(header("PaxHeaders/x", 'x', 0x7ffffffffL));
            out.write("30 path=package/data/x\n".getBytes(StandardCharsets.UTF_8));
        });

        assertThatThrownBy(() -> TarGzReader.read(archive, (name, size, content) -> content.readAllBytes()))
                .isInstanceOf(IOException.class).hasMessageContaining(archive.toString());
    }

    @Test
    void entryDeclaringMoreThanTheCap_isRefusedBeforeItIsRead(@TempDir Path tmp) throws IOException {
        long declared = TarGzReader.MAX_ENTRY_BYTES + 1;
        Path archive = tgz(tmp.resolve("big.tgz"), out -> {
            out.write(header("package/data/train-images-idx3-ubyte", '0', declared));
            out.write(new byte[4096]);
        });
        List<String> handed = new ArrayList<>();

        assertThatThrownBy(() -> TarGzReader.read(archive, (name, size, content) -> handed.add(name)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("entry package/data/train-images-idx3-ubyte declares " + declared + " bytes");
        assertThat(handed).isEmpty();
    }

    @Test
    void archiveDecompressingToMoreThanTheCap_endsInIOException(@TempDir Path tmp) throws IOException {
        long each = TarGzReader.MAX_ENTRY_BYTES - 512;
        long entries = TarGzReader.MAX_TOTAL_BYTES / each + 1;
        Path archive = tgz(tmp.resolve("bomb.tgz"), out -> {
            byte[] zeros = new byte[1 << 20];
            for (int e = 0; e < entries; e++) {
                out.write(header("package/zeros-" + e, '0', each));
                for (long left = each; left > 0; left -= zeros.length) {
                    out.write(zeros, 0, (int) Math.min(zeros.length, left));
                }
            }
            out.write(new byte[1024]);
        });
        assertThat(Files.size(archive)).isLessThan(1 << 20);

        assertThatThrownBy(() -> TarGzReader.read(archive, (name, size, content) -> content.transferTo(
                OutputStream.nullOutputStream())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("decompresses to more than " + TarGzReader.MAX_TOTAL_BYTES + " bytes");
    }
}
