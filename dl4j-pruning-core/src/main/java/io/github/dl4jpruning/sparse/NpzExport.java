package io.github.dl4jpruning.sparse;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;

/**
 * Writes each prunable layer's weights as a SciPy CSR file ({@code scipy.sparse.load_npz} reads it): a zip of NumPy
 * arrays {@code data} (float32), {@code indices} and {@code indptr} (int32), {@code shape} (int64) and
 * {@code format} ({@code b'csr'}); rows are output neurons, as in {@link SparseLayer#weights()}. The bias goes beside
 * it as a NumPy {@code .npy} file. Each file is written to a temporary file and renamed into place.
 *
 * <pre>{@code
 * List<File> files = NpzExport.write(net, new File("export"));   // export/0_0.npz, export/0_0_bias.npy, ...
 * // Python: w = scipy.sparse.load_npz("export/0_0.npz"); b = numpy.load("export/0_0_bias.npy")
 * }</pre>
 */
public final class NpzExport {

    private NpzExport() {
    }

    /**
     * Writes {@code <index>_<layer name>.npz} (and {@code _bias.npy} for a layer with a bias) into {@code dir}, created
     * if needed; names are reduced to letters, digits, {@code . _ -}.
     *
     * @return the files written, in layer order
     * @throws IOException if a file cannot be written
     */
    public static List<File> write(Model model, File dir) throws IOException {
        Files.createDirectories(dir.toPath());
        List<File> out = new ArrayList<>();
        List<SparseLayer> layers = SparseExport.layers(model);
        for (int i = 0; i < layers.size(); i++) {
            SparseLayer l = layers.get(i);
            String base = i + "_" + l.name().replaceAll("[^A-Za-z0-9._-]", "_");
            CsrMatrix m = l.weights();
            File npz = new File(dir, base + ".npz");
            atomically(npz, os -> {
                try (ZipOutputStream zip = new ZipOutputStream(os)) {
                    entry(zip, "data.npy", npy("<f4", m.values().length, floats(m.values())));
                    entry(zip, "indices.npy", npy("<i4", m.columnIndices().length, ints(m.columnIndices())));
                    entry(zip, "indptr.npy", npy("<i4", m.rowPointers().length, ints(m.rowPointers())));
                    ByteBuffer shape = le(16).putLong(m.rows()).putLong(m.cols());
                    entry(zip, "shape.npy", npy("<i8", 2, shape.array()));
                    entry(zip, "format.npy", npyScalar("|S3", "csr".getBytes(StandardCharsets.US_ASCII)));
                }
            });
            out.add(npz);
            if (l.bias().length > 0) {
                File bias = new File(dir, base + "_bias.npy");
                atomically(bias, os -> os.write(npy("<f4", l.bias().length, floats(l.bias()))));
                out.add(bias);
            }
        }
        return out;
    }

    /** A NumPy {@code .npy} (format 1.0) one-dimensional array. */
    static byte[] npy(String descr, long length, byte[] littleEndianData) {
        return withHeader("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + length + ",), }",
                littleEndianData);
    }

    private static byte[] npyScalar(String descr, byte[] data) {
        return withHeader("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (), }", data);
    }

    private static byte[] withHeader(String dict, byte[] data) {
        // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending '\n'.
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer b = le(10 + header.length() + data.length);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
        return b.array();
    }

    private static byte[] floats(float[] v) {
        ByteBuffer b = le(4 * v.length);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static byte[] ints(int[] v) {
        ByteBuffer b = le(4 * v.length);
        b.asIntBuffer().put(v);
        return b.array();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private interface Writer {
        void write(OutputStream os) throws IOException;
    }

    private static void atomically(File file, Writer writer) throws IOException {
        Path target = file.getAbsoluteFile().toPath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                writer.write(os);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
