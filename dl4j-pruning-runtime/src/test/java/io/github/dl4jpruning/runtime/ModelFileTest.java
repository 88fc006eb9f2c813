package io.github.dl4jpruning.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model file round-trips, and each kind of bad file is refused with a message naming value and expectation. */
class ModelFileTest {

    @TempDir
    Path dir;

    static byte[] resign(byte[] file) {
        CRC32 crc = new CRC32();
        crc.update(file, ModelFile.HEADER_BYTES, file.length - ModelFile.HEADER_BYTES);
        ByteBuffer.wrap(file).putInt(12, (int) crc.getValue());
        return file;
    }

    private static RuntimeModel read(byte[] b) throws IOException {
        return RuntimeModel.read(new ByteArrayInputStream(b), KernelPolicy.AUTO);
    }

    @Test
    void roundTripKeepsOutputsBitForBit() throws IOException {
        for (RuntimeModel m : new RuntimeModel[] {TestModels.mlp(), TestModels.cnn()}) {
            Path f = dir.resolve("m.dl4jrt");
            m.save(f);
            RuntimeModel back = RuntimeModel.load(f);
            float[] x = TestModels.random(3 * m.inputShape().size(), 0.3, 1);
            assertThat(back.output(x, 3)).containsExactly(m.output(x, 3));
            assertThat(back.summary()).isEqualTo(m.summary());
        }
    }

    @Test
    void wrongMagic() {
        byte[] b = TestModels.mlp().toBytes();
        b[0] = 'X';
        assertThatThrownBy(() -> read(b)).isInstanceOf(ModelFormatException.class).hasMessageContaining("magic")
                .hasMessageContaining("584c344a");
    }

    @Test
    void futureVersion() {
        byte[] b = TestModels.mlp().toBytes();
        ByteBuffer.wrap(b).putShort(8, (short) 3);
        assertThatThrownBy(() -> read(b)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("format version 3").hasMessageContaining("newer runtime");
    }

    @Test
    void checksumMismatch() {
        byte[] b = TestModels.mlp().toBytes();
        b[b.length - 1] ^= 1;
        assertThatThrownBy(() -> read(b)).isInstanceOf(ModelFormatException.class).hasMessageContaining("checksum");
    }

    @Test
    void truncatedFileAndLengthThatDoesNotAddUp() throws IOException {
        byte[] b = TestModels.mlp().toBytes();
        Path f = dir.resolve("t.dl4jrt");
        Files.write(f, Arrays.copyOf(b, b.length - 5));
        assertThatThrownBy(() -> RuntimeModel.load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("does not add up with the file size " + (b.length - 5));
        assertThatThrownBy(() -> read(Arrays.copyOf(b, b.length - 5))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("truncated payload");
        assertThatThrownBy(() -> read(Arrays.copyOf(b, 10))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("truncated header: 10 bytes; expected 24");
    }

    @Test
    void hugeLengthInTheHeaderAllocatesNothing() {
        byte[] b = TestModels.mlp().toBytes();
        ByteBuffer.wrap(b).putLong(16, Long.MAX_VALUE);
        assertThatThrownBy(() -> read(b)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("payload length " + Long.MAX_VALUE);
        ByteBuffer.wrap(b).putLong(16, ModelFile.MAX_PAYLOAD);
        assertThatThrownBy(() -> read(b)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("truncated payload");
    }

    @Test
    void nanWeightIsRefused() {
        byte[] b = TestModels.cnn().toBytes();
        // The conv weights are stored dense (30% zeros); their first value follows the fields before it.
        int at = firstConvWeight();
        ByteBuffer.wrap(b).putFloat(at, Float.NaN);
        assertThatThrownBy(() -> read(resign(b))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("conv2d weights[0] is NaN; expected a finite number");
    }

    /**
     * Offset of the conv's first weight: layer count 4, input shape 12, type 1, conv input 12, filters 4, window 33,
     * activation 4, encoding 1, length 4.
     */
    private static int firstConvWeight() {
        return ModelFile.HEADER_BYTES + 4 + 12 + 1 + 12 + 4 + 33 + 4 + 1 + 4;
    }

    @Test
    void hugeShapeInATinyFileIsRefusedBeforeAnythingIsAllocated() {
        ByteBuffer p = ByteBuffer.allocate(4 + 12 + 1 + 12 + 4);
        p.putInt(1).putInt(1 << 14).putInt(1 << 7).putInt(1 << 7);     // input 2^28 values
        p.put((byte) ModelFile.ACTIVATION).putInt(1 << 14).putInt(1 << 7).putInt(1 << 7).putInt(0);
        assertThatThrownBy(() -> read(file(p.array()))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("model input needs 268435456 values");
    }

    @Test
    void unknownLayerTypeAndTrailingBytes() {
        byte[] good = TestModels.mlp().toBytes();
        byte[] b = good.clone();
        b[ModelFile.HEADER_BYTES + 16] = 9;
        assertThatThrownBy(() -> read(resign(b))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("layer 0 type 9; expected 1 (dense) to 6 (add)");
        byte[] payload = Arrays.copyOfRange(good, ModelFile.HEADER_BYTES, good.length + 3);
        assertThatThrownBy(() -> read(file(payload))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("3 bytes left after the last layer");
    }

    @Test
    void versionOneChainsStillLoadAndComputeTheSame() throws IOException {
        for (RuntimeModel m : new RuntimeModel[] {TestModels.mlp(), TestModels.cnn()}) {
            byte[] v1 = ModelFile.encode(m.inputShape(), m.layers(), m.inputs(), 1);
            assertThat(ByteBuffer.wrap(v1).getShort(8)).isEqualTo((short) 1);
            assertThat(v1.length).isLessThan(m.toBytes().length);
            RuntimeModel back = read(v1);
            float[] x = TestModels.random(2 * m.inputShape().size(), 0.3, 4);
            assertThat(back.output(x, 2)).containsExactly(m.output(x, 2));
        }
    }

    @Test
    void graphRoundTripsAndBadInputIndicesAreRefused() throws IOException {
        RuntimeModel g = TestModels.residual();
        float[] x = TestModels.random(3 * g.inputShape().size(), 0.3, 5);
        assertThat(read(g.toBytes()).output(x, 3)).containsExactly(g.output(x, 3));
        byte[] good = g.toBytes();
        // the last four bytes: the output layer's only input index (the add, layer 3)
        byte[] forward = good.clone();
        ByteBuffer.wrap(forward).putInt(forward.length - 4, 4);
        assertThatThrownBy(() -> read(resign(forward))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("layer 4 input 0 is layer 4; expected -1 (the model input) to 3");
        byte[] v1 = good.clone();
        ByteBuffer.wrap(v1).putShort(8, (short) 1);
        assertThatThrownBy(() -> read(v1)).isInstanceOf(ModelFormatException.class);
    }

    /** A valid header around {@code payload}. */
    static byte[] file(byte[] payload) {
        ByteBuffer f = ByteBuffer.allocate(ModelFile.HEADER_BYTES + payload.length);
        f.put(ModelFile.MAGIC).putShort((short) ModelFile.VERSION).putShort((short) 0).putInt(0)
                .putLong(payload.length).put(payload);
        return resign(f.array());
    }
}
