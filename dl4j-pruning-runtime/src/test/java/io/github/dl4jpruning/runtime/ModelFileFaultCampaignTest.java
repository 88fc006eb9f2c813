package io.github.dl4jpruning.runtime;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault campaign over mutated model files: every truncation, every byte flipped, random bytes, and the same payload
 * mutations with the checksum recomputed (so that the parser, not the CRC, meets the bad sizes, codes and values).
 * Every outcome must be either {@link ModelFormatException} or, for a re-signed mutation that still describes a
 * valid model (a changed weight), a model that loads and runs; anything else (another exception, an Error such as
 * OutOfMemoryError) counts as {@code other} and fails the test.
 */
class ModelFileFaultCampaignTest {

    @TempDir
    Path dir;

    private int tried;
    private int documented;
    private int other;
    private int acceptedValid;
    private final StringBuilder firstOther = new StringBuilder();

    @Test
    void mutatedFilesAreRefusedWithTheDocumentedException() throws Exception {
        for (RuntimeModel m : new RuntimeModel[] {TestModels.mlp(), TestModels.cnn(), TestModels.residual()}) {
            byte[] good = m.toBytes();
            for (int len = 0; len < good.length; len++) {
                viaFile(Arrays.copyOf(good, len), false);
            }
            Random r = new Random(1);
            for (int i = 0; i < good.length; i++) {
                byte[] flipped = good.clone();
                flipped[i] ^= (byte) 0xff;
                viaStream(flipped, false);
                byte[] random = good.clone();
                random[i] = (byte) r.nextInt(256);
                if (random[i] != good[i]) {
                    viaStream(random, false);
                }
            }
            for (int i = ModelFile.HEADER_BYTES; i < good.length; i++) {
                for (int v : new int[] {0x00, 0xff, 0x7f, 0x80, good[i] + 1}) {
                    byte[] b = good.clone();
                    b[i] = (byte) v;
                    if (b[i] != good[i]) {
                        viaStream(ModelFileTest.resign(b), true);
                    }
                }
            }
            viaStream(ModelFileTest.resign(Arrays.copyOf(good, good.length + 8)), false);
        }
        System.out.println("FAULT-CAMPAIGN runtime-file: tried=" + tried + " documented=" + documented + " other="
                + other);
        System.out.println("runtime-file: " + acceptedValid + " of the documented outcomes were re-signed mutations "
                + "that still describe a valid model (e.g. a changed weight) and loaded and ran");
        assertThat(other).as("outcomes other than ModelFormatException; first: %s", firstOther).isZero();
        assertThat(documented).isEqualTo(tried);
    }

    private void viaFile(byte[] bytes, boolean mayBeValid) throws Exception {
        Path f = dir.resolve("m" + tried + ".dl4jrt");
        Files.write(f, bytes);
        outcome(() -> RuntimeModel.load(f), mayBeValid);
        Files.delete(f);
    }

    private void viaStream(byte[] bytes, boolean mayBeValid) {
        outcome(() -> RuntimeModel.read(new ByteArrayInputStream(bytes), KernelPolicy.AUTO), mayBeValid);
    }

    private interface Load {
        RuntimeModel load() throws Exception;
    }

    private void outcome(Load load, boolean mayBeValid) {
        tried++;
        try {
            RuntimeModel m = load.load();
            if (!mayBeValid) {
                other("accepted a corrupt file");
                return;
            }
            float[] out = m.output(TestModels.random(2 * m.inputShape().size(), 0.3, 3), 2);
            assertThat(out).hasSize(2 * m.outputShape().size());
            documented++;
            acceptedValid++;
        } catch (ModelFormatException e) {
            documented++;
        } catch (Throwable t) {
            other(t.toString());
        }
    }

    private void other(String what) {
        other++;
        if (firstOther.length() == 0) {
            firstOther.append("mutation #").append(tried).append(": ").append(what);
        }
    }
}
