package io.github.dl4jpruning.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The model file format, version 2 (version 1 files, chains only, still load). All numbers big-endian.
 *
 * <pre>
 * offset  size  field
 *      0     8  magic "DL4JPRT1" (ASCII)
 *      8     2  format version (2; 1 is read too)
 *     10     2  flags (0; any other value is refused)
 *     12     4  CRC32 of the payload
 *     16     8  payload length in bytes (must equal file size - 24)
 *     24     n  payload:
 *                 u32 layer count (1 to 10,000), input shape (3 x i32: channels, height, width)
 *                 per layer: u8 type (1 dense, 2 conv2d, 3 pooling, 4 channel affine, 5 activation, 6 add),
 *                 its fields, then (version 2 only) u8 input count and that many i32 indices of the layers it
 *                 reads (-1: the model input; each below the layer's own index); in version 1 each layer reads
 *                 the previous one and type 6 does not exist
 * </pre>
 *
 * Float arrays are dense ({@code u8 0, i32 length, floats}) or sparse ({@code u8 1, i32 length, i32 nnz, nnz
 * increasing i32 indices, nnz floats}); their lengths must equal what the layer's shapes imply, NaN and infinities
 * are refused, and the payload must be consumed exactly. Reading never allocates more than the bytes present
 * justify: the payload length is checked against the file size (or the stream's actual bytes) and {@link #MAX_PAYLOAD}
 * before it is read, every count against the bytes left, and decoded values against a budget proportional to the
 * payload size.
 */
public final class ModelFile {

    /** The eight bytes every model file starts with. */
    public static final byte[] MAGIC = "DL4JPRT1".getBytes(StandardCharsets.US_ASCII);
    /** The format version this runtime writes and the highest it reads. */
    public static final int VERSION = 2;
    /** Bytes before the payload. */
    public static final int HEADER_BYTES = 24;
    /** Largest payload accepted (1 GiB). */
    public static final long MAX_PAYLOAD = 1L << 30;
    /** Most layers in one model. */
    public static final int MAX_LAYERS = 10_000;

    static final int DENSE = 1;
    static final int CONV2D = 2;
    static final int POOLING = 3;
    static final int AFFINE = 4;
    static final int ACTIVATION = 5;
    static final int ADD = 6;

    private ModelFile() {
    }

    /** The whole file in the current {@link #VERSION}: header and payload. */
    static byte[] encode(Shape input, List<Layer> layers, List<int[]> inputs) {
        return encode(input, layers, inputs, VERSION);
    }

    /**
     * The whole file in {@code version} (1 only for a chain without adds, as an older runtime wrote it).
     *
     * @throws IllegalArgumentException for version 1 and a graph that is not such a chain
     */
    static byte[] encode(Shape input, List<Layer> layers, List<int[]> inputs, int version) {
        PayloadWriter w = new PayloadWriter();
        w.i32(layers.size());
        w.shape(input);
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            w.u8(typeOf(l));
            l.write(w);
            int[] from = inputs.get(i);
            if (version == 1) {
                if (from.length != 1 || from[0] != i - 1) {
                    throw new IllegalArgumentException("layer " + i + " reads " + Arrays.toString(from)
                            + "; version 1 expects a chain (layer " + (i - 1) + " only)");
                }
                continue;
            }
            w.u8(from.length);
            for (int k : from) {
                w.i32(k);
            }
        }
        byte[] payload = w.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer file = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        file.put(MAGIC).putShort((short) version).putShort((short) 0).putInt((int) crc.getValue())
                .putLong(payload.length).put(payload);
        return file.array();
    }

    private static int typeOf(Layer l) {
        if (l instanceof FullyConnected) {
            return DENSE;
        } else if (l instanceof Convolution) {
            return CONV2D;
        } else if (l instanceof Pooling) {
            return POOLING;
        } else if (l instanceof ChannelAffine) {
            return AFFINE;
        } else if (l instanceof Add) {
            return ADD;
        }
        return ACTIVATION;
    }

    /**
     * Reads a model file from a stream (which is not closed).
     *
     * @param knownSize the file's size when known (then the payload length must match it exactly), or -1
     * @throws ModelFormatException for any defect, naming the value and what was expected
     * @throws IOException          when the stream fails
     */
    static RuntimeModel decode(InputStream in, long knownSize, KernelPolicy policy) throws IOException {
        byte[] header = in.readNBytes(HEADER_BYTES);
        if (header.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
            throw new ModelFormatException("not a runtime model file: starts with "
                    + hex(Arrays.copyOf(header, Math.min(header.length, MAGIC.length))) + "; expected magic "
                    + hex(MAGIC) + " (\"DL4JPRT1\")");
        }
        if (header.length < HEADER_BYTES) {
            throw new ModelFormatException("truncated header: " + header.length + " bytes; expected "
                    + HEADER_BYTES);
        }
        ByteBuffer h = ByteBuffer.wrap(header, MAGIC.length, HEADER_BYTES - MAGIC.length);
        int version = h.getShort() & 0xffff;
        if (version < 1 || version > VERSION) {
            throw new ModelFormatException("format version " + version + "; this runtime reads versions 1 to "
                    + VERSION + (version > VERSION ? " (the file is from a newer runtime)" : ""));
        }
        int flags = h.getShort() & 0xffff;
        if (flags != 0) {
            throw new ModelFormatException("header flags " + flags + "; expected 0 in version " + VERSION);
        }
        int crc = h.getInt();
        long length = h.getLong();
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new ModelFormatException("payload length " + length + "; expected 0 to " + MAX_PAYLOAD);
        }
        if (knownSize >= 0 && length != knownSize - HEADER_BYTES) {
            throw new ModelFormatException("payload length " + length + " does not add up with the file size "
                    + knownSize + "; expected " + (knownSize - HEADER_BYTES) + " (file size - " + HEADER_BYTES + ")");
        }
        // readNBytes grows its buffer with the bytes actually read, so a false length cannot allocate it up front.
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new ModelFormatException("truncated payload: " + payload.length + " bytes; the header says "
                    + length);
        }
        if (knownSize < 0 && in.read() != -1) {
            throw new ModelFormatException("bytes after the payload of " + length + " bytes; expected the end");
        }
        CRC32 actual = new CRC32();
        actual.update(payload);
        if ((int) actual.getValue() != crc) {
            throw new ModelFormatException(String.format("payload checksum CRC32 %08x; the header says %08x",
                    actual.getValue(), crc));
        }
        return parse(payload, version, policy);
    }

    private static RuntimeModel parse(byte[] payload, int version, KernelPolicy policy)
            throws ModelFormatException {
        PayloadReader r = new PayloadReader(payload);
        int count = r.positive("layer count", MAX_LAYERS);
        Shape input = r.shape("model input");
        r.charge(input.size(), "model input");
        List<Layer> layers = new ArrayList<>();
        List<int[]> inputs = new ArrayList<>();
        int maxType = version == 1 ? ACTIVATION : ADD;
        for (int i = 0; i < count; i++) {
            int type = r.u8("layer " + i + " type");
            Layer l;
            try {
                l = switch (type > maxType ? -1 : type) {
                    case DENSE -> FullyConnected.read(r, policy);
                    case CONV2D -> Convolution.read(r);
                    case POOLING -> Pooling.read(r);
                    case AFFINE -> ChannelAffine.read(r);
                    case ACTIVATION -> ActivationLayer.read(r);
                    case ADD -> Add.read(r);
                    default -> throw new ModelFormatException("layer " + i + " type " + type
                            + "; expected 1 (dense) to " + maxType + (version == 1 ? " (activation) in version 1"
                            : " (add)"));
                };
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("layer " + i + ": " + e.getMessage(), e);
            }
            int[] from = version == 1 ? new int[] {i - 1} : readInputs(r, i, l);
            for (int k : from) {
                Shape current = k < 0 ? input : layers.get(k).outputShape();
                if (l.inputShape().size() != current.size()) {
                    throw new ModelFormatException("layer " + i + " (" + l.type() + ") takes " + l.inputShape()
                            + "; expected " + current.size() + " values (" + current + "), the output of "
                            + (k < 0 ? "the model input" : "layer " + k));
                }
            }
            r.charge(l.outputShape().size() + l.scratchValues(), "layer " + i + " output and scratch");
            layers.add(l);
            inputs.add(from);
        }
        if (r.remaining() != 0) {
            throw new ModelFormatException(r.remaining() + " bytes left after the last layer at offset "
                    + r.position() + "; expected the payload to end there");
        }
        return new RuntimeModel(input, layers, inputs);
    }

    /** A version-2 input list: as many indices as the layer takes, each from -1 to {@code i - 1}. */
    private static int[] readInputs(PayloadReader r, int i, Layer l) throws ModelFormatException {
        int n = r.u8("layer " + i + " input count");
        if (n != l.inputs()) {
            throw new ModelFormatException("layer " + i + " (" + l.type() + ") input count " + n + "; expected "
                    + l.inputs());
        }
        int[] from = new int[n];
        for (int k = 0; k < n; k++) {
            from[k] = r.i32("layer " + i + " input " + k);
            if (from[k] < -1 || from[k] >= i) {
                throw new ModelFormatException("layer " + i + " input " + k + " is layer " + from[k]
                        + "; expected -1 (the model input) to " + (i - 1));
            }
        }
        return from;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.length() == 0 ? "(nothing)" : s.toString();
    }
}
