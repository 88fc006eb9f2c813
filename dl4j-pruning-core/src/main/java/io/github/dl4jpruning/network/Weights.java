package io.github.dl4jpruning.network;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/** Reads parameters into Java arrays in the library's canonical c-order flattening. */
public final class Weights {

    /**
     * Tile edge of the transposition: 8 x 8 keeps the rows written and the columns read within the first-level cache
     * and its TLB; 32 x 32 was five times slower on a 2048 x 2048 matrix (6 against 32 ms).
     */
    private static final int TILE = 8;

    private Weights() {
    }

    /**
     * A parameter's values, c-order flattened, checked to be finite.
     *
     * @throws IllegalArgumentException if a value is NaN or infinite, naming the parameter and the flat index
     */
    public static double[] read(NetworkAdapter net, String key) {
        INDArray p = net.param(key);
        double[] v = direct(p);
        if (v == null) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                v = Nd4j.toFlattened('c', p).toDoubleVector();
            }
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("parameter '" + key + "' has a non-finite value " + v[i]
                        + " at flat index " + i + "; expected finite weights (did training diverge?)");
            }
        }
        return v;
    }

    /**
     * The values of a float or double array laid out densely in c order, or in f order with at most two dimensions
     * (DL4J's weight matrices), copied from its buffer in bulk; {@code null} for any other layout. The same values as
     * {@code Nd4j.toFlattened('c', p).toDoubleVector()} without its two intermediate copies and per-element reads.
     */
    static double[] direct(INDArray p) {
        long n = p.length();
        DataType type = p.dataType();
        if (n > Integer.MAX_VALUE || (type != DataType.FLOAT && type != DataType.DOUBLE)
                || p.data().length() < n || !Shape.hasDefaultStridesForShape(p)) {
            return null;
        }
        boolean cOrder = p.ordering() == 'c' || p.rank() < 2 || p.isVector();
        if (!cOrder && p.rank() != 2) {
            return null;
        }
        int len = (int) n;
        double[] v = new double[len];
        if (type == DataType.FLOAT) {
            // One bulk copy out of the native buffer (a view's buffer comes positioned at the view's offset); reading
            // it element by element was the largest part of a pruning step at 10M weights.
            FloatBuffer fb = p.data().asNioFloat();
            float[] raw = new float[len];
            fb.get(fb.position(), raw);
            if (cOrder) {
                for (int i = 0; i < len; i++) {
                    v[i] = raw[i];
                }
            } else {
                transpose(raw, (int) p.size(0), (int) p.size(1), v);
            }
            return v;
        }
        DoubleBuffer db = p.data().asNioDouble();
        if (cOrder) {
            db.get(db.position(), v);
            return v;
        }
        double[] raw = new double[len];
        db.get(db.position(), raw);
        int rows = (int) p.size(0);
        int cols = (int) p.size(1);
        // f order: element (r, c) sits at r + c * rows; c order wants it at r * cols + c.
        // In tiles, so that both sides stay in cache on large matrices.
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int r1 = Math.min(rows, r0 + TILE);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int c1 = Math.min(cols, c0 + TILE);
                for (int c = c0; c < c1; c++) {
                    int base = c * rows;
                    for (int r = r0; r < r1; r++) {
                        v[r * cols + c] = raw[base + r];
                    }
                }
            }
        }
        return v;
    }

    /** As the double case of {@link #direct}: an f-order {@code rows x cols} matrix into c order, in tiles. */
    private static void transpose(float[] raw, int rows, int cols, double[] v) {
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int r1 = Math.min(rows, r0 + TILE);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int c1 = Math.min(cols, c0 + TILE);
                for (int c = c0; c < c1; c++) {
                    int base = c * rows;
                    for (int r = r0; r < r1; r++) {
                        v[r * cols + c] = raw[base + r];
                    }
                }
            }
        }
    }
}
