package io.github.dl4jpruning.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import io.github.dl4jpruning.testutil.TinyNets;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A seeded fault campaign on model zips: valid files (a pruned network with masks, statistics and progress, a plain
 * DL4J zip, a graph with masks, and the format-1 mask fixtures of {@link LegacyMaskFiles}) mutated at random (truncated, bytes flipped, zip headers' sizes and lengths changed,
 * entries added, renamed or with huge declared counts, entry contents corrupted). Every case must end in a restored
 * network of the right size or in {@link PrunedModelException}, and leave the file unchanged.
 */
class ModelZipFaultCampaignTest {

    private static final int CASES = 800;
    private static final String[] NAMES = {"configuration.json", "coefficients.bin", "updaterState.bin",
        "noParams.marker", "normalizer.bin", "preprocessor.bin", "objects/dl4jpruning.masks",
        "objects/dl4jpruning.statistics", "objects/dl4jpruning.progress.json", "objects/user.key", "../escape",
        "META-INF/MANIFEST.MF", "objects/", "dir/"};

    @TempDir
    Path dir;

    private record Seed(byte[] bytes, boolean graph, long numParams) {
    }

    @Test
    void everyMutatedZipEndsInARestoredModelOrPrunedModelException() throws Exception {
        List<Seed> seeds = seeds();
        Random rnd = new Random(20261201L);
        int documented = 0;
        int succeeded = 0;
        int changed = 0;
        List<String> other = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Seed seed = seeds.get(rnd.nextInt(seeds.size()));
            byte[] mutated = mutate(seed.bytes(), rnd);
            File file = dir.resolve("case" + i + ".zip").toFile();
            Files.write(file.toPath(), mutated);
            byte[] hash = sha256(Files.readAllBytes(file.toPath()));
            try {
                RestoredModel<? extends Model> r = seed.graph()
                        ? PrunedModelSerializer.restoreComputationGraph(file)
                        : PrunedModelSerializer.restoreMultiLayerNetwork(file);
                assertThat(r.network().numParams()).as("case %d", i).isEqualTo(seed.numParams());
                if (r.state().hasMasks()) {
                    assertThat(r.network().paramTable().keySet()).containsAll(r.state().masks().keys());
                }
                succeeded++;
            } catch (PrunedModelException e) {
                documented++;
            } catch (Throwable t) {
                other.add("case " + i + ": " + t);
            }
            if (!java.util.Arrays.equals(hash, sha256(Files.readAllBytes(file.toPath())))) {
                changed++;
            }
            Files.delete(file.toPath());
        }
        System.out.println("FAULT-CAMPAIGN model-zip: tried=" + CASES + " documented=" + documented + " other="
                + other.size() + " (restored=" + succeeded + ", files changed=" + changed + ")");
        assertThat(other).as("cases ending in anything but success or PrunedModelException").isEmpty();
        assertThat(changed).as("input files changed by a restore").isZero();
        assertThat(documented).as("most mutations must be caught").isGreaterThan(CASES / 2);
    }

    private List<Seed> seeds() throws IOException {
        ActivationStatsListener stats = ActivationStatsListener.builder().build();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder().criterion(Criteria.magnitude()).build())
                .schedule(PruningSchedule.oneShot(0, 0.5)).statistics(stats).build();
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        net.addListeners(stats, pruning);
        net.fit(TinyNets.data(64, 32, 1), 1);
        File pruned = dir.resolve("pruned.zip").toFile();
        PrunedModelSerializer.save(pruned, net, pruning, true);

        File plain = dir.resolve("plain.zip").toFile();
        ModelSerializer.writeModel(TinyNets.mlp(new Adam(1e-2), 3), plain, false);

        ComputationGraph g = TinyNets.graph(4);
        EnergyPruningCallback graphPruning = EnergyPruningCallback.builder().build();
        graphPruning.pruneNow(g, 0.5);
        File graph = dir.resolve("graph.zip").toFile();
        PrunedModelSerializer.save(graph, g, PruningState.ofMasks(graphPruning.masks(), g), true);

        // Files with format-1 masks (0/1 double[], written before the bitsets) must be as safe to restore.
        File legacyMlp = LegacyMaskFiles.copy("masks-format1-mlp.zip", dir);
        File legacyGraph = LegacyMaskFiles.copy("masks-format1-graph.zip", dir);
        return List.of(new Seed(Files.readAllBytes(pruned.toPath()), false, net.numParams()),
                new Seed(Files.readAllBytes(plain.toPath()), false, net.numParams()),
                new Seed(Files.readAllBytes(graph.toPath()), true, g.numParams()),
                new Seed(Files.readAllBytes(legacyMlp.toPath()), false, TinyNets.mlp(new Adam(1e-2), 7).numParams()),
                new Seed(Files.readAllBytes(legacyGraph.toPath()), true, TinyNets.graph(4).numParams()));
    }

    private byte[] mutate(byte[] valid, Random rnd) throws IOException {
        byte[] b = valid.clone();
        switch (rnd.nextInt(8)) {
            case 0 -> {
                return java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            case 1 -> {
                for (int k = 1 + rnd.nextInt(8); k > 0; k--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
                return b;
            }
            case 2 -> {
                patchZipHeader(b, rnd);
                return b;
            }
            case 3 -> {
                Map<String, byte[]> e = entries(b);
                e.put(NAMES[rnd.nextInt(NAMES.length)], randomContent(rnd));
                return zip(e);
            }
            case 4 -> {
                Map<String, byte[]> e = entries(b);
                List<String> keys = new ArrayList<>(e.keySet());
                String from = keys.get(rnd.nextInt(keys.size()));
                Map<String, byte[]> renamed = new LinkedHashMap<>();
                String to = NAMES[rnd.nextInt(NAMES.length)];
                e.forEach((k, v) -> renamed.put(k.equals(from) ? to : k, v));
                return zip(renamed);
            }
            case 5 -> {
                Map<String, byte[]> e = entries(b);
                List<String> keys = new ArrayList<>(e.keySet());
                String key = keys.get(rnd.nextInt(keys.size()));
                byte[] v = e.get(key);
                if (v.length >= 8) {
                    int at = rnd.nextInt(v.length - 7);
                    long huge = new long[] {0x7fffffffL, 0x7ffffff0L, -1L, -5L, Long.MAX_VALUE, 1L << 40}[rnd.nextInt(6)];
                    if (rnd.nextBoolean()) {
                        ByteBuffer.wrap(v, at, 4).putInt((int) huge);
                    } else {
                        ByteBuffer.wrap(v, at, 8).putLong(huge);
                    }
                }
                return zip(e);
            }
            case 6 -> {
                Map<String, byte[]> e = entries(b);
                List<String> keys = new ArrayList<>(e.keySet());
                byte[] v = e.get(keys.get(rnd.nextInt(keys.size())));
                for (int k = 1 + rnd.nextInt(4); k > 0 && v.length > 0; k--) {
                    v[rnd.nextInt(v.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
                return zip(e);
            }
            default -> {
                Map<String, byte[]> e = entries(b);
                List<String> keys = new ArrayList<>(e.keySet());
                String key = keys.get(rnd.nextInt(keys.size()));
                byte[] v = e.get(key);
                e.put(key, java.util.Arrays.copyOf(v, rnd.nextInt(v.length + 1)));
                return zip(e);
            }
        }
    }

    /** Changes a size, length or count field of a local header, a central directory record or the end record. */
    private static void patchZipHeader(byte[] b, Random rnd) {
        List<int[]> fields = new ArrayList<>();
        for (int i = 0; i + 4 <= b.length; i++) {
            int sig = ByteBuffer.wrap(b, i, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            if (sig == 0x04034b50) {
                fields.add(new int[] {i + 18, 4});
                fields.add(new int[] {i + 22, 4});
                fields.add(new int[] {i + 26, 2});
                fields.add(new int[] {i + 28, 2});
            } else if (sig == 0x02014b50) {
                fields.add(new int[] {i + 20, 4});
                fields.add(new int[] {i + 24, 4});
                fields.add(new int[] {i + 28, 2});
                fields.add(new int[] {i + 42, 4});
            } else if (sig == 0x06054b50) {
                fields.add(new int[] {i + 10, 2});
                fields.add(new int[] {i + 12, 4});
                fields.add(new int[] {i + 16, 4});
            }
        }
        int[] f = fields.get(rnd.nextInt(fields.size()));
        if (f[0] + f[1] > b.length) {
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(b, f[0], f[1]).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int value = new int[] {0, 1, -1, 0x7ffffff0, 0x7fffffff, rnd.nextInt()}[rnd.nextInt(6)];
        if (f[1] == 2) {
            buf.putShort((short) value);
        } else {
            buf.putInt(value);
        }
    }

    private static byte[] randomContent(Random rnd) throws IOException {
        return switch (rnd.nextInt(4)) {
            case 0 -> ZipFiles.serialize(new Gadget());
            case 1 -> new byte[rnd.nextInt(4096)];
            case 2 -> ZipFiles.serialize(new java.util.HashMap<>(Map.of("k", new long[] {1, 2})));
            default -> {
                byte[] r = new byte[rnd.nextInt(512)];
                rnd.nextBytes(r);
                yield r;
            }
        };
    }

    private Map<String, byte[]> entries(byte[] zip) throws IOException {
        File f = Files.createTempFile(dir, "seed", ".zip").toFile();
        Files.write(f.toPath(), zip);
        Map<String, byte[]> e = ZipFiles.entries(f);
        Files.delete(f.toPath());
        return e;
    }

    private byte[] zip(Map<String, byte[]> entries) throws IOException {
        File f = Files.createTempFile(dir, "mutant", ".zip").toFile();
        ZipFiles.write(f, entries);
        byte[] b = Files.readAllBytes(f.toPath());
        Files.delete(f.toPath());
        return b;
    }

    private static byte[] sha256(byte[] b) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
