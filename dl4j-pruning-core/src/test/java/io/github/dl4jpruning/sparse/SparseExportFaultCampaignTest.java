package io.github.dl4jpruning.sparse;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.testutil.TinyNets;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A seeded fault campaign on sparse exports of a pruned MLP and CNN: truncated, bytes flipped, header counts set to
 * huge, negative or random values, bytes inserted, removed or appended; read from a file and from a stream. Every case
 * must end in layers whose dense weights can be rebuilt or in {@link SparseExportException}, and leave the file
 * unchanged.
 */
class SparseExportFaultCampaignTest {

    private static final int CASES = 1200;
    private static final int[] HOSTILE = {0x7fffffff, 0x7ffffff0, -1, -5, 0, 1, 46341, Integer.MIN_VALUE};

    @TempDir
    Path dir;

    @Test
    void everyMutatedExportEndsInValidLayersOrSparseExportException() throws Exception {
        List<byte[]> seeds = List.of(export(TinyNets.mlp(new Adam(1e-2), 5), "mlp"),
                export(TinyNets.cnn(6), "cnn"));
        Random rnd = new Random(20261202L);
        int documented = 0;
        int changed = 0;
        List<String> other = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            byte[] mutated = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
            File file = dir.resolve("case" + i + ".csr").toFile();
            Files.write(file.toPath(), mutated);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(mutated);
            try {
                List<SparseLayer> layers = i % 2 == 0 ? SparseExport.read(file)
                        : SparseExport.read(new ByteArrayInputStream(mutated));
                for (SparseLayer l : layers) {
                    assertThat(l.denseWeights().length()).isEqualTo((long) l.weights().rows() * l.weights().cols());
                }
            } catch (SparseExportException e) {
                documented++;
            } catch (Throwable t) {
                other.add("case " + i + ": " + t);
            }
            if (!Arrays.equals(hash, MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file.toPath())))) {
                changed++;
            }
            Files.delete(file.toPath());
        }
        System.out.println("FAULT-CAMPAIGN sparse-export: tried=" + CASES + " documented=" + documented + " other="
                + other.size() + " (read=" + (CASES - documented - other.size()) + ", files changed=" + changed + ")");
        assertThat(other).as("cases ending in anything but valid layers or SparseExportException").isEmpty();
        assertThat(changed).isZero();
        assertThat(documented).isGreaterThan(CASES / 2);
    }

    private byte[] export(Model net, String name) throws Exception {
        EnergyPruningCallback pruning = EnergyPruningCallback.builder().build();
        pruning.pruneNow(net, 0.6);
        File f = dir.resolve(name + ".csr").toFile();
        SparseExport.write(net, f);
        byte[] b = Files.readAllBytes(f.toPath());
        Files.delete(f.toPath());
        return b;
    }

    private static byte[] mutate(byte[] valid, Random rnd) {
        byte[] b = valid.clone();
        int at = rnd.nextInt(b.length);
        switch (rnd.nextInt(6)) {
            case 0 -> {
                return Arrays.copyOf(b, at);
            }
            case 1 -> {
                for (int k = 1 + rnd.nextInt(6); k > 0; k--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
                return b;
            }
            case 2, 3 -> {
                // Header fields sit early in each layer; aim at the first 120 bytes half of the time.
                int pos = rnd.nextBoolean() ? rnd.nextInt(Math.min(120, b.length - 4)) : rnd.nextInt(b.length - 4);
                ByteBuffer.wrap(b, pos, 4).putInt(rnd.nextBoolean() ? HOSTILE[rnd.nextInt(HOSTILE.length)]
                        : rnd.nextInt());
                return b;
            }
            case 4 -> {
                byte[] out = new byte[b.length + 1 + rnd.nextInt(16)];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at, out, out.length - (b.length - at), b.length - at);
                return out;
            }
            default -> {
                int n = Math.min(1 + rnd.nextInt(16), b.length - at);
                byte[] out = new byte[b.length - n];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + n, out, at, b.length - at - n);
                return out;
            }
        }
    }
}
