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

    private static final int TILE = 32;

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
        double[] raw = new double[(int) n];
        if (type == DataType.FLOAT) {
            // A view's buffer comes positioned at the view's offset.
            FloatBuffer fb = p.data().asNioFloat();
            int from = fb.position();
            for (int i = 0; i < raw.length; i++) {
                raw[i] = fb.get(from + i);
            }
        } else {
            DoubleBuffer db = p.data().asNioDouble();
            db.get(db.position(), raw);
        }
        if (cOrder) {
            return raw;
        }
        // f order: element (r, c) sits at r + c * rows; c order wants it at r * cols + c.
        int rows = (int) p.size(0);
        int cols = (int) p.size(1);
        // In tiles, so that both sides stay in cache on large matrices.
        double[] v = new double[raw.length];
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int r1 = Math.min(rows, r0 + TILE);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int c1 = Math.min(cols, c0 + TILE);
                for (int c = c0; c < c1; c++) {
                    int from = c * rows;
                    for (int r = r0; r < r1; r++) {
                        v[r * cols + c] = raw[from + r];
                    }
                }
            }
        }
        return v;
    }
}
