package io.github.dl4jpruning.sparse;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.testutil.TinyNets;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

class NpzExportTest {

    @TempDir
    Path dir;

    /** Parses a 1-D little-endian .npy as SciPy would: header dict, then the data. */
    private record Npy(String header, ByteBuffer data) {
        static Npy parse(byte[] b) {
            assertThat(b[0]).isEqualTo((byte) 0x93);
            assertThat(new String(b, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
            int len = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
            assertThat((10 + len) % 64).as("header alignment").isZero();
            String header = new String(b, 10, len, StandardCharsets.US_ASCII);
            return new Npy(header, ByteBuffer.wrap(b, 10 + len, b.length - 10 - len).slice()
                    .order(ByteOrder.LITTLE_ENDIAN));
        }
    }

    @Test
    void eachLayerIsAScipyCsrNpzHoldingTheSameArraysAsTheCustomExport() throws IOException {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 5);
        EnergyPruningCallback.builder().build().pruneNow(net, 0.6);

        List<File> files = NpzExport.write(net, dir.resolve("npz").toFile());
        List<SparseLayer> layers = SparseExport.layers(net);

        assertThat(files).extracting(File::getName)
                .containsExactly("0_0.npz", "0_0_bias.npy", "1_1.npz", "1_1_bias.npy");
        CsrMatrix m = layers.get(0).weights();
        Map<String, Npy> arrays = new HashMap<>();
        try (ZipFile zip = new ZipFile(files.get(0))) {
            for (var e : zip.stream().toList()) {
                arrays.put(e.getName(), Npy.parse(zip.getInputStream(e).readAllBytes()));
            }
        }
        assertThat(arrays).containsOnlyKeys("data.npy", "indices.npy", "indptr.npy", "shape.npy", "format.npy");
        assertThat(arrays.get("data.npy").header()).contains("'<f4'").contains("(" + m.nonZeros() + ",)");
        float[] data = new float[m.nonZeros()];
        arrays.get("data.npy").data().asFloatBuffer().get(data);
        assertThat(data).containsExactly(m.values());
        int[] indptr = new int[m.rows() + 1];
        arrays.get("indptr.npy").data().asIntBuffer().get(indptr);
        assertThat(indptr).containsExactly(m.rowPointers());
        int[] indices = new int[m.nonZeros()];
        arrays.get("indices.npy").data().asIntBuffer().get(indices);
        assertThat(indices).containsExactly(m.columnIndices());
        ByteBuffer shape = arrays.get("shape.npy").data();
        assertThat(new long[] {shape.getLong(), shape.getLong()}).containsExactly(16, 8);
        assertThat(arrays.get("format.npy").header()).contains("'|S3'").contains("()");
        assertThat(StandardCharsets.US_ASCII.decode(arrays.get("format.npy").data()).toString()).isEqualTo("csr");
        assertThat(m.nonZeros()).as("pruned").isLessThan(16 * 8 / 2);
    }
}
