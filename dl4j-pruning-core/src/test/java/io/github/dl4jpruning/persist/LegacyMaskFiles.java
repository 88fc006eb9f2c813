package io.github.dl4jpruning.persist;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The format-1 fixtures (masks as 0/1 {@code double[]}, as written before the bitsets) and byte offsets inside
 * Java-serialized mask entries. The fixtures in {@code src/test/resources/io/github/dl4jpruning/persist/} were written
 * by the code of commit 5f9514c, with the generator listed in {@code masks-format1.md} next to them.
 */
final class LegacyMaskFiles {

    private LegacyMaskFiles() {
    }

    /** Copies a fixture into {@code dir} (tests must not restore from, or risk changing, the resource itself). */
    static File copy(String name, Path dir) throws IOException {
        Path to = dir.resolve(name);
        try (InputStream in = LegacyMaskFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " is missing");
            }
            Files.copy(in, to);
        }
        return to.toFile();
    }

    /**
     * The offset of the length of the first serialized array of primitive {@code type} ('D' for double[], 'J' for
     * long[]): after the array's class descriptor ("[D" or "[J", its serialVersionUID, flags, no fields, end of block
     * data, no superclass).
     */
    static int arrayLengthOffset(byte[] entry, char type) {
        int d = ZipFiles.indexOf(entry, new byte[] {0, 2, '[', (byte) type});
        if (d < 0) {
            throw new IllegalArgumentException("no array of type [" + type + " in the entry");
        }
        return ZipFiles.indexOf(Arrays.copyOfRange(entry, d, entry.length), new byte[] {0x78, 0x70}) + d + 2;
    }
}
