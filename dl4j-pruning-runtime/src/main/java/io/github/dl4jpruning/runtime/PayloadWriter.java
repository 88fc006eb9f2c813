package io.github.dl4jpruning.runtime;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the payload of a model file, big-endian. Float arrays are stored dense, or as sorted indices and values of
 * their non-zeros when fewer than half are non-zero (so a 90% sparse layer takes about a fifth of its dense size).
 */
final class PayloadWriter {

    /** Encoding of a float array: every value. */
    static final int DENSE = 0;
    /** Encoding of a float array: the count of non-zeros, their indices (increasing), then their values. */
    static final int SPARSE = 1;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    void u8(int v) {
        run(() -> out.writeByte(v));
    }

    void i32(int v) {
        run(() -> out.writeInt(v));
    }

    void f32(float v) {
        run(() -> out.writeFloat(v));
    }

    void shape(Shape s) {
        i32(s.channels());
        i32(s.height());
        i32(s.width());
    }

    void floats(float[] a) {
        int nnz = 0;
        for (float v : a) {
            if (v != 0f) {
                nnz++;
            }
        }
        boolean sparse = nnz < a.length / 2;
        u8(sparse ? SPARSE : DENSE);
        i32(a.length);
        if (!sparse) {
            for (float v : a) {
                f32(v);
            }
            return;
        }
        i32(nnz);
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0f) {
                i32(i);
            }
        }
        for (float v : a) {
            if (v != 0f) {
                f32(v);
            }
        }
    }

    byte[] toByteArray() {
        run(out::flush);
        return bytes.toByteArray();
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void run(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }
}
