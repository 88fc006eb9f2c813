package io.github.dl4jpruning.persist;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;

/**
 * Reads a model zip once, checking it before DL4J's {@code ModelSerializer} sees any of it, and hands DL4J a rebuilt
 * zip of exactly the bytes checked (so the file changing meanwhile cannot matter). The rules:
 * <ul>
 *   <li>entry names: {@code configuration.json}, {@code coefficients.bin}, {@code updaterState.bin},
 *       {@code noParams.marker}, {@code normalizer.bin}, {@code preprocessor.bin}, and {@code objects/<key>} with a
 *       key of letters, digits, {@code . _ -}; no directories, no duplicates, at most {@value #MAX_ENTRIES} entries;</li>
 *   <li>sizes are counted as the bytes inflate, never taken from the zip's headers: {@code configuration.json} up to
 *       {@value #MAX_CONFIG_BYTES} bytes (and every entry before it up to that in total); afterwards caps derived
 *       from the architecture's parameter count {@code n}: coefficients {@code n} values, updater state up to
 *       {@code 4n} values (8 bytes each at most, plus a header), masks {@code 8n} (format 1's {@code double} per
 *       entry; format 2 needs {@code n / 8}, and {@code PruneMasks} checks each bitset against its shape), statistics {@code 24n} bytes plus
 *       {@value #SLACK_BYTES}; an entry inflating past {@value #MAX_RATIO} times its compressed size (above 1 MiB) is
 *       a compression bomb;</li>
 *   <li>the array headers of coefficients and updater state must declare what the architecture needs
 *       ({@link ArrayEntryCheck});</li>
 *   <li>{@code preprocessor.bin}, which DL4J deserializes without a filter, is first deserialized here under an
 *       allow-list of classes in {@code org.nd4j.linalg.dataset.api.preprocessor} and boxed primitives.</li>
 * </ul>
 */
final class ModelZipGuard {

    static final int MAX_ENTRIES = 64;
    static final long MAX_CONFIG_BYTES = 32L << 20;
    static final long SLACK_BYTES = 1L << 20;
    static final long MAX_OTHER_BYTES = 64L << 20;
    static final long MAX_RATIO = 1000;
    static final String CONFIG = "configuration.json";
    static final String COEFFICIENTS = "coefficients.bin";
    static final String UPDATER = "updaterState.bin";
    static final String PREPROCESSOR = "preprocessor.bin";
    private static final Pattern OBJECT_KEY = Pattern.compile("objects/[A-Za-z0-9._-]{1,128}");
    private static final Map<String, Long> FIXED = Map.of(CONFIG, MAX_CONFIG_BYTES, COEFFICIENTS, 0L, UPDATER, 0L,
            "noParams.marker", 1024L, "normalizer.bin", MAX_OTHER_BYTES, PREPROCESSOR, SLACK_BYTES);

    private ModelZipGuard() {
    }

    /** A checked zip: its entries in file order and the architecture's parameter count. */
    record Checked(Map<String, byte[]> entries, long numParams) {

        /** The entries as a fresh zip for DL4J's {@code ModelSerializer}. */
        byte[] toZip() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                out.setLevel(Deflater.NO_COMPRESSION);
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    out.putNextEntry(new ZipEntry(e.getKey()));
                    out.write(e.getValue());
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        }
    }

    /**
     * Reads and checks {@code file}, expecting a {@code MultiLayerNetwork} or a {@code ComputationGraph}.
     *
     * @throws PrunedModelException naming the entry and the rule it breaks
     */
    static Checked read(File file, boolean graph) throws PrunedModelException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        long numParams = -1;
        long beforeConfig = 0;
        try (CountingStream raw = new CountingStream(new BufferedInputStream(Files.newInputStream(file.toPath())));
             ZipInputStream zip = new ZipInputStream(raw)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                checkName(entries, name, e.isDirectory());
                long cap = numParams < 0 ? MAX_CONFIG_BYTES - beforeConfig : cap(name, numParams);
                byte[] data = readCapped(zip, raw, name, cap);
                entries.put(name, data);
                if (CONFIG.equals(name)) {
                    numParams = numParams(new String(data, StandardCharsets.UTF_8), graph);
                } else if (numParams < 0) {
                    beforeConfig += data.length;
                }
            }
        } catch (PrunedModelException e) {
            throw new PrunedModelException("model file " + file + " rejected: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new PrunedModelException("cannot read model file " + file + ": not a complete zip archive "
                    + "(truncated or corrupted?): " + e, e);
        }
        try {
            if (numParams < 0) {
                throw new PrunedModelException("it has no '" + CONFIG + "' entry: not a DL4J model");
            }
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                if (cap(e.getKey(), numParams) < e.getValue().length) {
                    throw new PrunedModelException("entry '" + e.getKey() + "' holds " + e.getValue().length
                            + " bytes, more than the " + cap(e.getKey(), numParams) + " a network of " + numParams
                            + " parameters needs");
                }
            }
            byte[] coefficients = entries.get(COEFFICIENTS);
            if (coefficients != null && coefficients.length > 0) {
                ArrayEntryCheck.check(COEFFICIENTS, coefficients, numParams, numParams);
            } else if (numParams > 0) {
                throw new PrunedModelException("it has no '" + COEFFICIENTS + "' entry, but the network has "
                        + numParams + " parameters");
            }
            byte[] updater = entries.get(UPDATER);
            if (updater != null) {
                ArrayEntryCheck.check(UPDATER, updater, 0, 4 * numParams);
            }
            byte[] preprocessor = entries.get(PREPROCESSOR);
            if (preprocessor != null) {
                SafeObjects.readPreprocessor(PREPROCESSOR, preprocessor);
            }
        } catch (PrunedModelException e) {
            throw new PrunedModelException("model file " + file + " rejected: " + e.getMessage(), e);
        }
        return new Checked(entries, numParams);
    }

    private static void checkName(Map<String, byte[]> seen, String name, boolean directory)
            throws PrunedModelException {
        if (directory || !(FIXED.containsKey(name) || OBJECT_KEY.matcher(name).matches())) {
            throw new PrunedModelException("unexpected entry '" + name + "'; a DL4J model zip holds only "
                    + FIXED.keySet() + " and objects/<key>");
        }
        if (seen.containsKey(name)) {
            throw new PrunedModelException("entry '" + name + "' appears twice");
        }
        if (seen.size() >= MAX_ENTRIES) {
            throw new PrunedModelException("more than " + MAX_ENTRIES + " entries");
        }
    }

    /** The most bytes an entry may hold in a network of {@code n} parameters. */
    static long cap(String name, long n) {
        return switch (name) {
            case COEFFICIENTS -> 8 * n + SLACK_BYTES;
            case UPDATER -> 32 * n + SLACK_BYTES;
            case "objects/" + StateEntries.MASKS -> 8 * n + SLACK_BYTES;
            case "objects/" + StateEntries.STATISTICS -> 24 * n + SLACK_BYTES;
            default -> FIXED.getOrDefault(name, MAX_OTHER_BYTES);
        };
    }

    private static byte[] readCapped(ZipInputStream zip, CountingStream raw, String name, long cap)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long start = raw.count;
        long total = 0;
        int n;
        while ((n = zip.read(buf)) > 0) {
            total += n;
            if (total > cap) {
                throw new PrunedModelException("entry '" + name + "' inflates to more than " + cap + " bytes, the "
                        + "most this model can need there (size bomb?)");
            }
            long compressed = raw.count - start + 1;
            if (total > SLACK_BYTES && total > MAX_RATIO * compressed) {
                throw new PrunedModelException("entry '" + name + "' inflates " + total + " bytes from about "
                        + compressed + " compressed, more than " + MAX_RATIO + " : 1 (compression bomb?)");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static long numParams(String json, boolean graph) throws PrunedModelException {
        long n = 0;
        try {
            if (graph) {
                ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(json);
                for (GraphVertex v : conf.getVertices().values()) {
                    n = add(n, v.numParams(true));
                }
            } else {
                MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(json);
                if (conf.getConfs().isEmpty() && json.contains("\"vertices\"")) {
                    throw new PrunedModelException("entry '" + CONFIG + "' holds a ComputationGraph; restore it "
                            + "with restoreComputationGraph");
                }
                for (NeuralNetConfiguration c : conf.getConfs()) {
                    n = add(n, c.getLayer().initializer().numParams(c));
                }
            }
        } catch (PrunedModelException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!graph && json.contains("\"vertices\"")) {
                throw new PrunedModelException("entry '" + CONFIG + "' holds a ComputationGraph; restore it with "
                        + "restoreComputationGraph", e);
            }
            if (graph && json.contains("\"confs\"")) {
                throw new PrunedModelException("entry '" + CONFIG + "' holds a MultiLayerNetwork; restore it with "
                        + "restoreMultiLayerNetwork", e);
            }
            String why = String.valueOf(e.getMessage());
            throw new PrunedModelException("entry '" + CONFIG + "' is not a valid "
                    + (graph ? "ComputationGraph" : "MultiLayerNetwork") + " configuration: "
                    + (why.length() > 300 ? why.substring(0, 300) + "..." : why), e);
        }
        return n;
    }

    private static long add(long total, long layer) throws PrunedModelException {
        if (layer < 0 || total + layer > Integer.MAX_VALUE) {
            throw new PrunedModelException("entry '" + CONFIG + "' declares a layer of " + layer + " parameters, "
                    + "giving more than " + Integer.MAX_VALUE + " in all");
        }
        return total + layer;
    }

    /** Counts the compressed bytes the zip reader pulls from the file. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
