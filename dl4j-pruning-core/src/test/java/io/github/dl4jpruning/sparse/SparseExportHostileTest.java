package io.github.dl4jpruning.sparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.testutil.TinyNets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

/** Hand-made exports with hostile headers: each must end in {@link SparseExportException}, never an Error. */
class SparseExportHostileTest {

    @TempDir
    Path dir;

    /** A one-layer export whose header fields are given; the arrays after them are as long as declared. */
    private static byte[] export(String kind, long[] shape, int rows, int cols, int nnz, int biasLength, int padding)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(bytes)) {
            d.writeBytes("DL4JCSR");
            d.writeInt(1);
            d.writeInt(1);
            d.writeUTF("0");
            d.writeUTF(kind);
            d.writeUTF("0_W");
            d.writeInt(shape.length);
            for (long s : shape) {
                d.writeLong(s);
            }
            d.writeInt(rows);
            d.writeInt(cols);
            d.writeInt(nnz);
            d.write(new byte[padding]);
            d.writeInt(biasLength);
        }
        return bytes.toByteArray();
    }

    private File file(String name, byte[] bytes) throws IOException {
        File f = dir.resolve(name).toFile();
        Files.write(f.toPath(), bytes);
        return f;
    }

    @Test
    void hugeNonZeroCountIsRejectedBeforeAllocating() throws IOException {
        byte[] bytes = export("DENSE", new long[] {8, 16}, 16, 8, 0x7fffffff, 0, 64);
        File f = file("huge.csr", bytes);

        assertThatThrownBy(() -> SparseExport.read(f)).isInstanceOf(SparseExportException.class)
                .hasMessageContaining("2147483647 non-zeros").hasMessageContaining("expected 0 to 128")
                .hasMessageContaining("huge.csr");
        assertThat(Files.readAllBytes(f.toPath())).isEqualTo(bytes);
    }

    @Test
    void hugeNonZeroCountWithinAHugeDeclaredShapeIsRejectedAgainstTheFileLength() throws IOException {
        File f = file("hugeshape.csr", export("DENSE", new long[] {46340, 46340}, 46340, 46340, 2_000_000_000, 0, 64));

        assertThatThrownBy(() -> SparseExport.read(f)).isInstanceOf(SparseExportException.class)
                .hasMessageContaining("2000000000 non-zeros").hasMessageContaining("that remain");
    }

    @Test
    void hugeCountsInAStreamOfUnknownLengthEndAsTruncatedNotOutOfMemory() {
        byte[] bytes;
        try {
            bytes = export("DENSE", new long[] {46340, 46340}, 46340, 46340, 2_000_000_000, 0, 64);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> SparseExport.read(new ByteArrayInputStream(bytes)))
                .isInstanceOf(SparseExportException.class).hasMessageContaining("truncated");
    }

    @Test
    void negativeNonZeroCountIsRejected() throws IOException {
        File f = file("neg.csr", export("DENSE", new long[] {8, 16}, 16, 8, -5, 0, 64));

        assertThatThrownBy(() -> SparseExport.read(f)).isInstanceOf(SparseExportException.class)
                .hasMessageContaining("-5 non-zeros");
    }

    @Test
    void unknownLayerKindIsRejectedNamingIt() throws IOException {
        File f = file("kind.csr", export("LSTM", new long[] {8, 16}, 16, 8, 0, 0, 68));

        assertThatThrownBy(() -> SparseExport.read(f)).isInstanceOf(SparseExportException.class)
                .hasMessageContaining("'LSTM'").hasMessageContaining("DENSE");
    }

    @Test
    void rowsAndColumnsMustFitTheShape() throws IOException {
        File negative = file("rows.csr", export("DENSE", new long[] {8, 16}, -1, 8, 0, 0, 64));
        File other = file("shape.csr", export("DENSE", new long[] {8, 16}, 4, 8, 0, 0, 64));
        File huge = file("dims.csr", export("DENSE", new long[] {1L << 40, 2}, 4, 8, 0, 0, 64));

        assertThatThrownBy(() -> SparseExport.read(negative)).isInstanceOf(SparseExportException.class)
                .hasMessageContaining("-1 x 8");
        assertThatThrownBy(() -> SparseExport.read(other)).isInstanceOf(SparseExportException.class)
                .hasMessageContaining("4 x 8").hasMessageContaining("128 values");
        assertThatThrownBy(() -> SparseExport.read(huge)).isInstanceOf(SparseExportException.class)
                .hasMessageContaining(String.valueOf(1L << 40));
    }

    @Test
    void negativeLayerCountAndBiasLengthAreRejected() throws IOException {
        byte[] bytes = export("DENSE", new long[] {8, 16}, 16, 8, 0, -3, 68);
        bytes[14] = (byte) 0xff;
        assertThatThrownBy(() -> SparseExport.read(file("layers.csr", bytes))).isInstanceOf(SparseExportException.class)
                .hasMessageContaining("layers");

        byte[] valid = export("DENSE", new long[] {8, 16}, 16, 8, 0, -3, 68);
        assertThatThrownBy(() -> SparseExport.read(file("bias.csr", valid))).isInstanceOf(SparseExportException.class)
                .hasMessageContaining("bias of -3");
    }

    @Test
    void aRealExportStillRoundTripsThroughTheCheckedReader() throws IOException {
        File f = dir.resolve("real.csr").toFile();
        SparseExport.write(TinyNets.mlp(new Adam(1e-2), 3), f);

        assertThat(SparseExport.read(f)).hasSize(2);
        byte[] extra = Files.readAllBytes(f.toPath());
        File longer = file("longer.csr", java.util.Arrays.copyOf(extra, extra.length + 3));
        assertThatThrownBy(() -> SparseExport.read(longer)).isInstanceOf(SparseExportException.class)
                .hasMessageContaining("3 unexpected bytes");
    }
}
