package io.github.dl4jpruning.sparse;

import io.github.dl4jpruning.network.LayerKind;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.network.Weights;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the weights of a pruned network's dense, output and convolution layers as CSR arrays (float32 values,
 * int32 column indices and row pointers, one row per output neuron or filter) plus dense float32 biases, for sparse
 * inference engines or to measure how small a pruned model really is; and reads them back.
 *
 * <p>Format (big-endian, {@code DataOutputStream}): magic {@code "DL4JCSR"}, int version 1, int layer count; per
 * layer: UTF name, UTF kind, UTF weight key, int rank, {@code rank} longs (weight shape), int rows, int cols, int nnz,
 * nnz floats (values), nnz ints (column indices), rows + 1 ints (row pointers), int bias length, floats (bias).
 *
 * <pre>{@code
 * SizeReport size = SparseExport.write(net, new File("model.csr"));
 * log.info("dense {} B, sparse {} B, gzipped {} B", size.denseBytes(), size.sparseBytes(), size.sparseGzipBytes());
 * List<SparseLayer> layers = SparseExport.read(new File("model.csr"));
 * }</pre>
 */
public final class SparseExport {
    private static final Logger log = LoggerFactory.getLogger(SparseExport.class);

    static final String MAGIC = "DL4JCSR";
    static final int VERSION = 1;

    private SparseExport() {
    }

    /** The layers of a network in sparse form, without writing anything. */
    public static List<SparseLayer> layers(Model model) {
        NetworkAdapter net = NetworkAdapter.of(model);
        List<SparseLayer> out = new ArrayList<>();
        for (PrunableLayer l : net.layers()) {
            double[] w = Weights.read(net, l.weightKey());
            int rows = Math.toIntExact(l.nOut());
            int cols = w.length / rows;
            float[] m = new float[w.length];
            if (l.kind() == LayerKind.CONV2D) {
                for (int k = 0; k < w.length; k++) {
                    m[k] = (float) w[k];
                }
            } else {
                for (int i = 0; i < cols; i++) {
                    for (int o = 0; o < rows; o++) {
                        m[o * cols + i] = (float) w[i * rows + o];
                    }
                }
            }
            float[] bias = new float[0];
            if (l.biasKey() != null) {
                try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    bias = Nd4j.toFlattened('c', net.param(l.biasKey())).toFloatVector();
                }
            }
            out.add(new SparseLayer(l.name(), l.kind(), l.weightKey(), l.weightShape(),
                    CsrMatrix.fromDense(m, rows, cols), bias));
        }
        return out;
    }

    /** Writes the export to a stream (not closed) and reports its sizes. */
    public static SizeReport write(Model model, OutputStream out) throws IOException {
        List<SparseLayer> layers = layers(model);
        byte[] bytes = encode(layers);
        out.write(bytes);
        out.flush();
        SizeReport report = report(layers, bytes);
        log.info("sparse export: {} weights, {} non-zero; dense {} B, sparse {} B, gzipped {} B", report.weights(),
                report.nonZeroWeights(), report.denseBytes(), report.sparseBytes(), report.sparseGzipBytes());
        return report;
    }

    /** Writes the export to a file, through a temporary file and a rename, replacing any existing file. */
    public static SizeReport write(Model model, File file) throws IOException {
        Path target = file.getAbsoluteFile().toPath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            SizeReport report;
            try (OutputStream os = Files.newOutputStream(tmp)) {
                report = write(model, os);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return report;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads an export from a file. */
    public static List<SparseLayer> read(File file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file.toPath()))) {
            return read(in);
        } catch (IOException e) {
            throw new IOException("cannot read sparse export " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads an export from a stream (not closed). */
    public static List<SparseLayer> read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        try {
            byte[] magic = d.readNBytes(MAGIC.length());
            if (!MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
                throw new IOException("not a sparse export: expected magic '" + MAGIC + "'");
            }
            int version = d.readInt();
            if (version != VERSION) {
                throw new IOException("sparse export version " + version + " is not supported; expected " + VERSION);
            }
            int n = d.readInt();
            List<SparseLayer> layers = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                layers.add(readLayer(d));
            }
            return layers;
        } catch (EOFException e) {
            throw new IOException("sparse export ends early (truncated?)", e);
        }
    }

    private static SparseLayer readLayer(DataInputStream d) throws IOException {
        String name = d.readUTF();
        LayerKind kind = LayerKind.valueOf(d.readUTF());
        String key = d.readUTF();
        long[] shape = new long[d.readInt()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = d.readLong();
        }
        int rows = d.readInt();
        int cols = d.readInt();
        int nnz = d.readInt();
        float[] values = new float[nnz];
        for (int i = 0; i < nnz; i++) {
            values[i] = d.readFloat();
        }
        int[] columns = new int[nnz];
        for (int i = 0; i < nnz; i++) {
            columns[i] = d.readInt();
        }
        int[] pointers = new int[rows + 1];
        for (int i = 0; i <= rows; i++) {
            pointers[i] = d.readInt();
        }
        float[] bias = new float[d.readInt()];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = d.readFloat();
        }
        try {
            return new SparseLayer(name, kind, key, shape, new CsrMatrix(rows, cols, values, columns, pointers), bias);
        } catch (IllegalArgumentException e) {
            throw new IOException("layer '" + name + "' of the sparse export is inconsistent: " + e.getMessage(), e);
        }
    }

    private static byte[] encode(List<SparseLayer> layers) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(bytes)) {
            d.writeBytes(MAGIC);
            d.writeInt(VERSION);
            d.writeInt(layers.size());
            for (SparseLayer l : layers) {
                d.writeUTF(l.name());
                d.writeUTF(l.kind().name());
                d.writeUTF(l.weightKey());
                d.writeInt(l.weightShape().length);
                for (long s : l.weightShape()) {
                    d.writeLong(s);
                }
                CsrMatrix m = l.weights();
                d.writeInt(m.rows());
                d.writeInt(m.cols());
                d.writeInt(m.nonZeros());
                for (float v : m.values()) {
                    d.writeFloat(v);
                }
                for (int c : m.columnIndices()) {
                    d.writeInt(c);
                }
                for (int p : m.rowPointers()) {
                    d.writeInt(p);
                }
                d.writeInt(l.bias().length);
                for (float b : l.bias()) {
                    d.writeFloat(b);
                }
            }
        }
        return bytes.toByteArray();
    }

    private static SizeReport report(List<SparseLayer> layers, byte[] bytes) throws IOException {
        long weights = 0;
        long nonZero = 0;
        for (SparseLayer l : layers) {
            weights += (long) l.weights().rows() * l.weights().cols() + l.bias().length;
            nonZero += l.weights().nonZeros();
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(bytes);
        }
        return new SizeReport(weights, nonZero, 4 * weights, bytes.length, gz.size());
    }
}
