package io.github.dl4jpruning.sparse;

import io.github.dl4jpruning.network.LayerKind;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the format {@link SparseExport} writes, checking every count before it is used: counts must be
 * non-negative, fit the declared shape ({@code nnz <= rows * cols <= Integer.MAX_VALUE}, the weight shape holding
 * {@code rows * cols} values, a bias of 0 or {@code rows} values) and, when the input's length is known, the bytes
 * that remain. Arrays grow as values actually arrive, so a declared count never allocates more than twice the bytes
 * present.
 */
final class SparseExportReader {

    private static final int CHUNK = 1 << 16;
    /** The fewest bytes a layer takes: three empty UTF strings, rank, one dimension, rows, cols, nnz, a row pointer, bias length. */
    private static final int MIN_LAYER_BYTES = 3 * 2 + 4 + 8 + 4 + 4 + 4 + 4 + 4;

    private final Counting counted;
    private final DataInputStream d;
    private final long length;

    /** @param length the input's length in bytes, or -1 if unknown */
    SparseExportReader(InputStream in, long length) {
        this.counted = new Counting(in);
        this.d = new DataInputStream(counted);
        this.length = length;
    }

    List<SparseLayer> read() throws IOException {
        String where = "header";
        try {
            byte[] magic = d.readNBytes(SparseExport.MAGIC.length());
            if (!SparseExport.MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new SparseExportException("not a sparse export: expected magic '" + SparseExport.MAGIC + "'");
            }
            int version = d.readInt();
            if (version != SparseExport.VERSION) {
                throw new SparseExportException("sparse export version " + version + " is not supported; expected "
                        + SparseExport.VERSION);
            }
            int n = d.readInt();
            if (n < 0 || (long) n * MIN_LAYER_BYTES > remaining()) {
                throw new SparseExportException("sparse export declares " + n + " layers; expected 0 to "
                        + remaining() / MIN_LAYER_BYTES + " in the " + remaining() + " bytes that follow");
            }
            List<SparseLayer> layers = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                where = "layer " + k;
                layers.add(readLayer(k));
            }
            if (length >= 0 && remaining() > 0) {
                throw new SparseExportException("sparse export has " + remaining() + " unexpected bytes after its "
                        + n + " layers");
            }
            return layers;
        } catch (EOFException e) {
            throw new SparseExportException("sparse export ends early in " + where + " (truncated?)", e);
        } catch (UTFDataFormatException e) {
            throw new SparseExportException("sparse export has a malformed name in " + where + ": " + e.getMessage(),
                    e);
        }
    }

    private SparseLayer readLayer(int k) throws IOException {
        String name = d.readUTF();
        String at = "layer " + k + " ('" + name + "')";
        String kindName = d.readUTF();
        LayerKind kind = Arrays.stream(LayerKind.values()).filter(v -> v.name().equals(kindName)).findFirst()
                .orElseThrow(() -> new SparseExportException(at + " has kind '" + kindName + "'; expected one of "
                        + Arrays.toString(LayerKind.values())));
        String key = d.readUTF();
        int rank = d.readInt();
        if (rank < 1 || rank > 8) {
            throw new SparseExportException(at + " declares a weight rank of " + rank + "; expected 1 to 8");
        }
        long[] shape = new long[rank];
        long product = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = d.readLong();
            if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE || (product *= shape[i]) > Integer.MAX_VALUE) {
                throw new SparseExportException(at + " declares weight shape dimension " + shape[i] + "; expected "
                        + "dimensions >= 0 holding at most " + Integer.MAX_VALUE + " values");
            }
        }
        int rows = d.readInt();
        int cols = d.readInt();
        if (rows < 0 || cols < 0 || (long) rows * cols != product) {
            throw new SparseExportException(at + " declares " + rows + " x " + cols + " weights; expected non-negative"
                    + " counts holding the " + product + " values of shape " + Arrays.toString(shape));
        }
        int nnz = d.readInt();
        long need = 8L * Math.max(nnz, 0) + 4L * (rows + 1) + 4;
        if (nnz < 0 || nnz > product || need > remaining()) {
            throw new SparseExportException(at + " declares " + nnz + " non-zeros; expected 0 to " + product
                    + (length < 0 ? "" : " with their " + need + " bytes within the " + remaining() + " that remain"));
        }
        float[] values = floats(nnz);
        int[] columns = ints(nnz);
        int[] pointers = ints(rows + 1);
        int biasLength = d.readInt();
        if ((biasLength != 0 && biasLength != rows) || 4L * biasLength > remaining()) {
            throw new SparseExportException(at + " declares a bias of " + biasLength + " values; expected 0 or "
                    + rows + " (one per row)");
        }
        float[] bias = floats(biasLength);
        try {
            return new SparseLayer(name, kind, key, shape, new CsrMatrix(rows, cols, values, columns, pointers), bias);
        } catch (IllegalArgumentException e) {
            throw new SparseExportException(at + " is inconsistent: " + e.getMessage(), e);
        }
    }

    private long remaining() {
        return length < 0 ? Long.MAX_VALUE : length - counted.count;
    }

    private float[] floats(int n) throws IOException {
        float[] out = new float[Math.min(n, CHUNK)];
        for (int i = 0; i < n; i++) {
            if (i == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
            }
            out[i] = d.readFloat();
        }
        return out;
    }

    private int[] ints(int n) throws IOException {
        int[] out = new int[Math.min(n, CHUNK)];
        for (int i = 0; i < n; i++) {
            if (i == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
            }
            out[i] = d.readInt();
        }
        return out;
    }

    /** Counts the bytes read, to know what remains of an input of known length. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += Math.max(s, 0);
            return s;
        }
    }
}
