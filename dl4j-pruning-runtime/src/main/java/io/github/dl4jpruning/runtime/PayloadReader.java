package io.github.dl4jpruning.runtime;

import java.nio.ByteBuffer;

/**
 * Reads the payload of a model file with every size checked before it is used: a count is compared with the bytes
 * left before anything is allocated for it, so a corrupt header can never cause an {@code OutOfMemoryError}.
 */
final class PayloadReader {

    /** Values a payload of {@code n} bytes may decode to: {@code VALUES_PER_BYTE * n + MIN_VALUE_BUDGET}. */
    static final long VALUES_PER_BYTE = 256;
    /** The budget's floor, so that tiny models (and the tests') are never refused. */
    static final long MIN_VALUE_BUDGET = 1 << 20;

    private final ByteBuffer buf;
    private long valueBudget;

    PayloadReader(byte[] payload) {
        this.buf = ByteBuffer.wrap(payload);
        this.valueBudget = VALUES_PER_BYTE * payload.length + MIN_VALUE_BUDGET;
    }

    /**
     * Charges {@code values} decoded (or activation) values against the budget the payload's size allows, so that a
     * small file cannot make the reader or the model allocate gigabytes (a sparse array of zeros, a huge shape).
     */
    void charge(long values, String what) throws ModelFormatException {
        if (values > valueBudget) {
            throw new ModelFormatException(what + " needs " + values + " values, more than a payload of "
                    + buf.capacity() + " bytes may hold (" + valueBudget + " left of " + VALUES_PER_BYTE
                    + " per byte + " + MIN_VALUE_BUDGET + ")");
        }
        valueBudget -= values;
    }

    int remaining() {
        return buf.remaining();
    }

    int position() {
        return buf.position();
    }

    private void need(long bytes, String what) throws ModelFormatException {
        if (bytes > buf.remaining()) {
            throw new ModelFormatException("truncated payload: " + what + " needs " + bytes + " bytes at offset "
                    + buf.position() + ", only " + buf.remaining() + " left");
        }
    }

    int u8(String what) throws ModelFormatException {
        need(1, what);
        return buf.get() & 0xff;
    }

    int i32(String what) throws ModelFormatException {
        need(4, what);
        return buf.getInt();
    }

    float f32(String what) throws ModelFormatException {
        need(4, what);
        return finite(buf.getFloat(), what, 0);
    }

    /** An int in {@code [1, max]}. */
    int positive(String what, int max) throws ModelFormatException {
        int v = i32(what);
        if (v < 1 || v > max) {
            throw new ModelFormatException(what + " is " + v + "; expected 1 to " + max);
        }
        return v;
    }

    /** An int in {@code [0, max]}. */
    int nonNegative(String what, int max) throws ModelFormatException {
        int v = i32(what);
        if (v < 0 || v > max) {
            throw new ModelFormatException(what + " is " + v + "; expected 0 to " + max);
        }
        return v;
    }

    Shape shape(String what) throws ModelFormatException {
        int c = positive(what + " channels", Shape.MAX_SIZE);
        int h = positive(what + " height", Shape.MAX_SIZE);
        int w = positive(what + " width", Shape.MAX_SIZE);
        if ((long) c * h * w > Shape.MAX_SIZE) {
            throw new ModelFormatException(what + " " + c + "x" + h + "x" + w + " has " + (long) c * h * w
                    + " values; expected at most " + Shape.MAX_SIZE);
        }
        return new Shape(c, h, w);
    }

    Activation activation() throws ModelFormatException {
        int code = i32("activation");
        try {
            return Activation.ofCode(code);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(e.getMessage(), e);
        }
    }

    /**
     * A float array of exactly {@code expected} values, dense or sparse ({@link PayloadWriter#floats}).
     *
     * @throws ModelFormatException for another length, an unknown encoding, indices not increasing or out of range,
     *                              a count the remaining bytes cannot hold, or a NaN/infinite value
     */
    float[] floats(String what, long expected) throws ModelFormatException {
        int encoding = u8(what + " encoding");
        int length = i32(what + " length");
        if (length != expected) {
            throw new ModelFormatException(what + " has " + length + " values; expected " + expected);
        }
        charge(length, what);
        if (encoding == PayloadWriter.DENSE) {
            need(4L * length, what);
            float[] a = new float[length];
            for (int i = 0; i < length; i++) {
                a[i] = finite(buf.getFloat(), what, i);
            }
            return a;
        }
        if (encoding != PayloadWriter.SPARSE) {
            throw new ModelFormatException(what + " encoding is " + encoding + "; expected " + PayloadWriter.DENSE
                    + " (dense) or " + PayloadWriter.SPARSE + " (sparse)");
        }
        int nnz = nonNegative(what + " non-zero count", length);
        need(8L * nnz, what + " non-zeros");
        int[] index = new int[nnz];
        int last = -1;
        for (int i = 0; i < nnz; i++) {
            int k = buf.getInt();
            if (k <= last || k >= length) {
                throw new ModelFormatException(what + " non-zero #" + i + " has index " + k + "; expected "
                        + (last + 1) + " to " + (length - 1) + ", increasing");
            }
            index[i] = k;
            last = k;
        }
        // Allocated only now: length == expected, which the caller derived from checked shapes, and nnz fit the bytes.
        float[] a = new float[length];
        for (int i = 0; i < nnz; i++) {
            a[index[i]] = finite(buf.getFloat(), what, index[i]);
        }
        return a;
    }

    private static float finite(float v, String what, int index) throws ModelFormatException {
        if (!Float.isFinite(v)) {
            throw new ModelFormatException(what + "[" + index + "] is " + v + "; expected a finite number");
        }
        return v;
    }
}
