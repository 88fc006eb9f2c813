package io.github.dl4jpruning.sparse;

import io.github.dl4jpruning.network.LayerKind;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.network.Weights;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
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
 * Reading checks every count before using it and ends in {@link SparseExportException} for a bad file.
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
            boolean fc = l.kind().isFullyConnected();
            int rows = Math.toIntExact(fc ? l.nOut() : l.weightShape()[0]);
            int cols = w.length / rows;
            float[] m = new float[w.length];
            if (!fc) {
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

    /**
     * Reads an export from a file, checking every declared count against the shape and the file's length before
     * allocating (see {@link #read(InputStream)}).
     *
     * @throws SparseExportException if the file is not a valid export: the message names the file, the layer, the
     *                               value read and what was expected
     * @throws IOException           if the file cannot be read
     */
    public static List<SparseLayer> read(File file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file.toPath()))) {
            return new SparseExportReader(in, Files.size(file.toPath())).read();
        } catch (SparseExportException e) {
            throw new SparseExportException("cannot read sparse export " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an export from a stream (not closed). Counts must be non-negative and fit the declared shape
     * ({@code nnz <= rows * cols <= Integer.MAX_VALUE}); arrays grow as values arrive, so a hostile count cannot
     * allocate more than twice the bytes the stream really holds.
     *
     * @throws SparseExportException if the stream is not a valid export (wrong magic or version, truncated, an
     *                               unknown layer kind, counts that do not fit)
     * @throws IOException           if the stream cannot be read
     */
    public static List<SparseLayer> read(InputStream in) throws IOException {
        return new SparseExportReader(in, -1).read();
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
