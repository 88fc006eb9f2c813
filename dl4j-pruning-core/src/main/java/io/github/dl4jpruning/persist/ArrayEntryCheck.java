package io.github.dl4jpruning.persist;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Checks an ND4J array written by {@code Nd4j.write} (DL4J's {@code coefficients.bin} and {@code updaterState.bin})
 * before ND4J reads it: ND4J allocates whatever length the header declares. The layout, as DL4J 1.0.0-M2.1 writes it:
 * a shape buffer (UTF {@code "MIXED_DATA_TYPES"}, long length {@code 2 * rank + 4}, UTF {@code "LONG"}, that many
 * longs: rank, shape, strides, extras, element stride, order) and a data buffer (UTF {@code "MIXED_DATA_TYPES"}, long
 * length, UTF data type, the elements).
 */
final class ArrayEntryCheck {

    private static final String MODE = "MIXED_DATA_TYPES";
    private static final Map<String, Integer> WIDTH = Map.of("FLOAT", 4, "DOUBLE", 8, "HALF", 2, "BFLOAT16", 2);

    private ArrayEntryCheck() {
    }

    /**
     * Checks the headers and that the entry holds exactly the declared elements.
     *
     * @param name        the entry name, for messages
     * @param bytes       the entry
     * @param minElements the fewest elements the network needs here
     * @param maxElements the most elements the network needs here
     * @return the number of elements
     * @throws PrunedModelException naming the entry, the declared value and what the network needs
     */
    static long check(String name, byte[] bytes, long minElements, long maxElements) throws PrunedModelException {
        try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes))) {
            String mode = d.readUTF();
            if (!MODE.equals(mode)) {
                throw bad(name, "declares buffer mode '" + mode + "', expected '" + MODE + "' (written by DL4J "
                        + "1.0.0-beta or later; re-save older models with ModelSerializer)");
            }
            long shapeLength = d.readLong();
            String shapeType = d.readUTF();
            if (shapeLength < 6 || shapeLength > 2 * 32 + 4 || (shapeLength & 1) != 0 || !"LONG".equals(shapeType)) {
                throw bad(name, "declares a shape buffer of " + shapeLength + " " + shapeType
                        + " values, expected 2 * rank + 4 LONG values with rank 1 to 32");
            }
            long rank = d.readLong();
            if (rank != (shapeLength - 4) / 2) {
                throw bad(name, "declares rank " + rank + " in a shape buffer of " + shapeLength + " values");
            }
            long product = 1;
            for (int i = 0; i < rank; i++) {
                long dim = d.readLong();
                if (dim < 0 || dim > maxElements) {
                    throw bad(name, "declares dimension " + dim + ", expected 0 to " + maxElements);
                }
                product *= dim;
                if (product > maxElements) {
                    throw bad(name, "declares more than " + maxElements + " elements; the network needs "
                            + range(minElements, maxElements));
                }
            }
            d.skipNBytes(8L * (shapeLength - 1 - rank));
            String dataMode = d.readUTF();
            long length = d.readLong();
            String type = d.readUTF();
            if (!MODE.equals(dataMode)) {
                throw bad(name, "declares data buffer mode '" + dataMode + "', expected '" + MODE + "'");
            }
            if (length != product || length < minElements || length > maxElements) {
                throw bad(name, "declares " + length + " elements (shape holds " + product + "); the network needs "
                        + range(minElements, maxElements));
            }
            Integer width = WIDTH.get(type);
            if (width == null) {
                throw bad(name, "declares data type '" + type + "', expected one of " + WIDTH.keySet());
            }
            long expected = length * width;
            long remaining = d.available();
            if (remaining != expected) {
                throw bad(name, "holds " + remaining + " data bytes, expected " + expected + " (" + length + " "
                        + type + " values)");
            }
            return length;
        } catch (IOException e) {
            if (e instanceof PrunedModelException p) {
                throw p;
            }
            throw bad(name, "has a malformed or truncated header (" + e + ")");
        }
    }

    private static String range(long min, long max) {
        return min == max ? String.valueOf(min) : min + " to " + max;
    }

    private static PrunedModelException bad(String name, String what) {
        return new PrunedModelException("entry '" + name + "' " + what);
    }
}
