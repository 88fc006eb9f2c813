package io.github.dl4jpruning.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.testutil.TinyNets;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.learning.config.Adam;

/** Files built to hurt: each must end in {@link PrunedModelException}, never an Error, never code run. */
class HostileModelFileTest {

    @TempDir
    Path dir;

    private MultiLayerNetwork net;
    private File valid;

    @BeforeEach
    void saveValidModel() throws IOException {
        net = TinyNets.mlp(new Adam(1e-2), 7);
        valid = dir.resolve("valid.zip").toFile();
        PruneMasks masks = new PruneMasks();
        double[] m = new double[8 * 16];
        Arrays.fill(m, 1);
        m[5] = 0;
        masks.put("0_W", new long[] {8, 16}, m);
        PrunedModelSerializer.save(valid, net, PruningState.ofMasks(masks, net), true);
    }

    private static void assertRejectedAndUnchanged(File file, String... messageParts) throws IOException {
        byte[] before = Files.readAllBytes(file.toPath());
        var thrown = assertThatThrownBy(() -> PrunedModelSerializer.restoreMultiLayerNetwork(file))
                .isInstanceOf(PrunedModelException.class).hasMessageContaining(file.getName());
        for (String part : messageParts) {
            thrown.hasMessageContaining(part);
        }
        assertThat(Files.readAllBytes(file.toPath())).isEqualTo(before);
    }

    @Test
    void gadgetInPreprocessorBinIsRejectedByNameWithoutRunningIt() throws IOException {
        Gadget.ran = false;
        File file = ZipFiles.withEntry(valid, dir.resolve("gadget.zip").toFile(), "preprocessor.bin",
                old -> serializeUnchecked(new Gadget()));

        assertRejectedAndUnchanged(file, "preprocessor.bin", Gadget.class.getName(), "may not carry");
        assertThat(Gadget.ran).as("the gadget's readObject ran").isFalse();
    }

    @Test
    void gadgetInOurOwnEntryIsRejectedByName() throws IOException {
        Gadget.ran = false;
        File file = ZipFiles.withEntry(valid, dir.resolve("gadget2.zip").toFile(), "objects/dl4jpruning.statistics",
                old -> serializeUnchecked(Map.of("x", new Gadget())));

        assertRejectedAndUnchanged(file, "dl4jpruning.statistics", "may not carry");
        assertThat(Gadget.ran).isFalse();
    }

    @Test
    void maskArrayDeclaringTwoBillionEntriesIsRejectedBeforeAllocating() throws IOException {
        // Format 2: the first long[] of the entry is 0_W's bitset, two words for 128 weights.
        assertArrayBombRejected(valid, 'J', 2, "maskbomb.zip");
        // Format 1 (a file written before the bitsets): the first double[] is 0_W's 128 values.
        assertArrayBombRejected(LegacyMaskFiles.copy("masks-format1-mlp.zip", dir), 'D', 128, "maskbomb1.zip");
    }

    private void assertArrayBombRejected(File from, char type, int length, String name) throws IOException {
        byte[] masks = ZipFiles.entries(from).get("objects/dl4jpruning.masks");
        int at = LegacyMaskFiles.arrayLengthOffset(masks, type);
        assertThat(ByteBuffer.wrap(masks, at, 4).getInt()).as("the mask's array length").isEqualTo(length);
        ByteBuffer.wrap(masks, at, 4).putInt(0x7ffffff0);
        File file = ZipFiles.withEntry(from, dir.resolve(name).toFile(), "objects/dl4jpruning.masks", old -> masks);

        assertRejectedAndUnchanged(file, "dl4jpruning.masks", "array of 2147483632 entries");
    }

    @Test
    void coefficientsDeclaringTwoBillionValuesAreRejectedBeforeNd4jAllocates() throws IOException {
        byte[] c = ZipFiles.entries(valid).get("coefficients.bin");
        // shape buffer: UTF mode (18 bytes), long length, UTF "LONG" (6), rank, shape[0]; then the data header.
        ByteBuffer.wrap(c, 18 + 8 + 6 + 8, 8).putLong(0x7ffffff0L);
        ByteBuffer.wrap(c, 18 + 8 + 6 + 6 * 8 + 18, 8).putLong(0x7ffffff0L);
        File file = ZipFiles.withEntry(valid, dir.resolve("coefbomb.zip").toFile(), "coefficients.bin", old -> c);

        assertRejectedAndUnchanged(file, "coefficients.bin", "2147483632", "195");
    }

    @Test
    void inflatedEntryIsStoppedAtTheArchitecturesCap() throws IOException {
        File file = withZeroEntry("inflate.zip", "coefficients.bin", 16);

        assertRejectedAndUnchanged(file, "coefficients.bin", "inflates to more than " + ModelZipGuard.cap(
                "coefficients.bin", 195) + " bytes");
    }

    @Test
    void compressionBombInAnObjectEntryIsStoppedByItsRatio() throws IOException {
        File file = withZeroEntry("ratio.zip", "objects/padding", 48);

        assertRejectedAndUnchanged(file, "objects/padding", "compression bomb");
    }

    /** The valid model with one entry replaced by (or added as) {@code mebibytes} MiB of zeros, deflated. */
    private File withZeroEntry(String fileName, String entry, int mebibytes) throws IOException {
        File file = dir.resolve(fileName).toFile();
        Map<String, byte[]> all = new java.util.LinkedHashMap<>(ZipFiles.entries(valid));
        all.putIfAbsent(entry, null);
        try (OutputStream os = Files.newOutputStream(file.toPath()); ZipOutputStream out = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getKey().equals(entry)) {
                    byte[] zeros = new byte[1 << 20];
                    for (int i = 0; i < mebibytes; i++) {
                        out.write(zeros);
                    }
                } else {
                    out.write(e.getValue());
                }
                out.closeEntry();
            }
        }
        assertThat(file.length()).as("a small file").isLessThan(mebibytes * 1024L * 1024 / 500);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "objects/", "objects/a b", "META-INF/x.class", "coefficients.bin/"})
    void entryNamesOutsideTheAllowListAreRejected(String name) throws IOException {
        File file = ZipFiles.withEntry(valid, dir.resolve("names.zip").toFile(), name, old -> new byte[] {1});

        assertRejectedAndUnchanged(file, name.endsWith("/") && !name.startsWith("objects") ? "coefficients.bin"
                : name);
    }

    @Test
    void badMaskValuesInAFormat1FileAreThePrunedModelExceptionNamingKeyAndValue() throws Exception {
        File legacy = LegacyMaskFiles.copy("masks-format1-mlp.zip", dir);
        byte[] masks = ZipFiles.entries(legacy).get("objects/dl4jpruning.masks");
        int data = LegacyMaskFiles.arrayLengthOffset(masks, 'D') + 4;
        int index = 0;
        while (ByteBuffer.wrap(masks, data + 8 * index, 8).getDouble() != 1.0) {
            index++;
        }
        for (double bad : new double[] {Double.NaN, 2.0}) {
            byte[] patched = masks.clone();
            ByteBuffer.wrap(patched, data + 8 * index, 8).putDouble(bad);
            File file = ZipFiles.withEntry(legacy, dir.resolve("bad" + bad + ".zip").toFile(),
                    "objects/dl4jpruning.masks", old -> patched);
            assertRejectedAndUnchanged(file, "'0_W'", String.valueOf(bad), "index " + index);
        }
    }

    @Test
    void aFormat2BitsetPruningBeyondItsShapeIsRejected() throws IOException {
        PruneMasks masks = new PruneMasks();
        masks.putAlive("1_W", new long[] {16, 3}, new boolean[48]);
        File file = dir.resolve("beyond.zip").toFile();
        ModelSerializer.writeModel(net, file, false);
        byte[] entry = ZipFiles.serialize(masks);
        int word = LegacyMaskFiles.arrayLengthOffset(entry, 'J') + 4;
        assertThat(ByteBuffer.wrap(entry, word, 8).getLong()).as("48 pruned bits").isEqualTo((1L << 48) - 1);
        ByteBuffer.wrap(entry, word, 8).putLong(-1L);
        ZipFiles.withEntry(file, file, "objects/" + StateEntries.MASKS, old -> entry);

        assertRejectedAndUnchanged(file, "'1_W'", "beyond its 48 entries");
    }

    @Test
    void anUnknownMaskFormatIsRejectedNamingIt() throws IOException {
        byte[] masks = ZipFiles.entries(valid).get("objects/dl4jpruning.masks");
        // The first field value follows PruneMasks' class descriptor: the int format.
        int at = ZipFiles.indexOf(masks, new byte[] {0x78, 0x70}) + 2;
        assertThat(ByteBuffer.wrap(masks, at, 4).getInt()).as("the format").isEqualTo(PruneMasks.FORMAT);
        ByteBuffer.wrap(masks, at, 4).putInt(3);
        File file = ZipFiles.withEntry(valid, dir.resolve("format3.zip").toFile(), "objects/dl4jpruning.masks",
                old -> masks);

        assertRejectedAndUnchanged(file, "format 3", "expected format 1 or 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "{\"formatVersion\":1,\"epochCount\":2,\"iterationCount\":3,\"history\":[null]}",
        "{\"formatVersion\":1,\"epochCount\":-1,\"iterationCount\":3,\"history\":[]}"})
    void progressJsonWithoutValidCountersOrHistoryIsRejected(String json) throws IOException {
        File file = dir.resolve("progress.zip").toFile();
        ModelSerializer.writeModel(net, file, false);
        ModelSerializer.addObjectToFile(file, StateEntries.PROGRESS, json);

        assertRejectedAndUnchanged(file, "dl4jpruning.progress.json");
    }

    @Test
    void aGraphRestoredAsAMultiLayerNetworkSaysWhichMethodToUse() throws IOException {
        File file = dir.resolve("graph.zip").toFile();
        ModelSerializer.writeModel(TinyNets.graph(3), file, false);

        assertRejectedAndUnchanged(file, "ComputationGraph");
    }

    private static byte[] serializeUnchecked(Object o) {
        try {
            return ZipFiles.serialize(o);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
