package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.testutil.TinyNets;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Model zips whose masks entry is in format 1 (masks as 0/1 {@code double[]}, as written up to commit 5f9514c, before
 * the bitsets), generated here instead of kept as binary fixtures; and byte offsets inside Java-serialized mask
 * entries.
 *
 * <p>A zip is saved by today's {@link PrunedModelSerializer}, then its masks entry is replaced by the stream the old
 * {@code PruneMasks} wrote: {@link Format1} has its field layout and serialVersionUID, and its class name is rewritten
 * in the stream to {@code io.github.dl4jpruning.mask.PruneMasks}. Checked once against zips that 5f9514c's code wrote
 * (commit 95684f5, {@code Format1FixtureEquivalenceTest}): every entry byte-equal, only the zip timestamps differed.
 *
 * <pre>{@code
 * File legacy = LegacyMaskFiles.mlp(dir);   // masks-format1-mlp.zip in dir
 * }</pre>
 */
final class LegacyMaskFiles {

    static final String MASKS_ENTRY = "objects/" + StateEntries.MASKS;

    private LegacyMaskFiles() {
    }

    /**
     * The old {@code PruneMasks} as it was serialized (default serialization, no {@code writeObject}): its two
     * non-transient fields, which the stream lists sorted by name.
     */
    static final class Format1 implements Serializable {
        private static final long serialVersionUID = 1L;

        private final Map<String, long[]> shapes = new LinkedHashMap<>();
        private final Map<String, double[]> values = new LinkedHashMap<>();

        Format1(PruneMasks masks) {
            for (String key : masks.keys()) {
                shapes.put(key, masks.shape(key));
                values.put(key, masks.values(key));
            }
        }
    }

    /**
     * {@code masks-format1-mlp.zip} in {@code dir}: {@code TinyNets.mlp(Adam(1e-2), 7)} magnitude-pruned to 50% with
     * its updater, the masks in format 1.
     */
    static File mlp(Path dir) throws IOException {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(
                PruningConfig.builder().criterion(Criteria.magnitude()).build()).build();
        pruning.pruneNow(net, 0.5);
        File file = dir.resolve("masks-format1-mlp.zip").toFile();
        PrunedModelSerializer.save(file, net, PruningState.ofMasks(pruning.masks(), net), true);
        return toFormat1(file, pruning.masks());
    }

    /**
     * {@code masks-format1-graph.zip} in {@code dir}: {@code TinyNets.graph(4)} pruned to 30% by the default
     * configuration, with its updater, the masks in format 1.
     */
    static File graph(Path dir) throws IOException {
        ComputationGraph g = TinyNets.graph(4);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder().build();
        pruning.pruneNow(g, 0.3);
        File file = dir.resolve("masks-format1-graph.zip").toFile();
        PrunedModelSerializer.save(file, g, PruningState.ofMasks(pruning.masks(), g), true);
        return toFormat1(file, pruning.masks());
    }

    /** The format-1 masks entry of {@code masks}: the bytes the code of commit 5f9514c wrote for the same masks. */
    static byte[] format1Entry(PruneMasks masks) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Format1(masks));
        }
        return renameClass(bytes.toByteArray(), Format1.class.getName(), PruneMasks.class.getName());
    }

    /**
     * Replaces the class name of a class descriptor (a length-prefixed modified-UTF-8 string; both names are ASCII).
     *
     * @throws IllegalStateException unless {@code from} occurs exactly once
     */
    static byte[] renameClass(byte[] stream, String from, String to) {
        byte[] old = utf(from);
        int at = ZipFiles.indexOf(stream, old);
        if (at < 0 || ZipFiles.indexOf(Arrays.copyOfRange(stream, at + 1, stream.length), old) >= 0) {
            throw new IllegalStateException("expected the class name " + from + " exactly once in the stream");
        }
        byte[] now = utf(to);
        byte[] out = new byte[stream.length - old.length + now.length];
        System.arraycopy(stream, 0, out, 0, at);
        System.arraycopy(now, 0, out, at, now.length);
        System.arraycopy(stream, at + old.length, out, at + now.length, stream.length - at - old.length);
        return out;
    }

    private static byte[] utf(String ascii) {
        byte[] name = ascii.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[name.length + 2];
        out[0] = (byte) (name.length >>> 8);
        out[1] = (byte) name.length;
        System.arraycopy(name, 0, out, 2, name.length);
        return out;
    }

    /**
     * Rewrites {@code file} in place with {@code masks} (the ones it was saved with) as its masks entry in format 1, keeping the entries' order and DL4J's default
     * compression (as {@code ModelSerializer.addObjectToFile} writes them).
     */
    private static File toFormat1(File file, PruneMasks masks) throws IOException {
        Map<String, byte[]> entries = ZipFiles.entries(file);
        if (!entries.containsKey(MASKS_ENTRY)) {
            throw new IllegalStateException(file + " has no " + MASKS_ENTRY + " to rewrite");
        }
        entries.put(MASKS_ENTRY, format1Entry(masks));
        try (OutputStream os = Files.newOutputStream(file.toPath()); ZipOutputStream out = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return file;
    }

    /**
     * The offset of the length of the first serialized array of primitive {@code type} ('D' for double[], 'J' for
     * long[]): after the array's class descriptor ("[D" or "[J", its serialVersionUID, flags, no fields, end of block
     * data, no superclass).
     */
    static int arrayLengthOffset(byte[] entry, char type) {
        int d = ZipFiles.indexOf(entry, new byte[] {0, 2, '[', (byte) type});
        if (d < 0) {
            throw new IllegalArgumentException("no array of type [" + type + " in the entry");
        }
        return ZipFiles.indexOf(Arrays.copyOfRange(entry, d, entry.length), new byte[] {0x78, 0x70}) + d + 2;
    }
}
