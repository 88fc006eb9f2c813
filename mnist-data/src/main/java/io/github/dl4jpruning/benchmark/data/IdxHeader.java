package io.github.dl4jpruning.benchmark.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The header of an IDX file as used by MNIST: a big-endian magic number (2051 for images, 2049 for labels), the number
 * of items and, for images, rows and columns.
 *
 * <pre>{@code
 * IdxHeader h = IdxHeader.read(dir.resolve("t10k-images-idx3-ubyte"));
 * long bytes = h.expectedLength();   // 16 + 10000 * 28 * 28 = 7,840,016
 * }</pre>
 *
 * @param magic 2051 for images, 2049 for labels
 * @param count number of images or labels
 * @param rows  image height in pixels (0 for labels)
 * @param cols  image width in pixels (0 for labels)
 */
public record IdxHeader(int magic, int count, int rows, int cols) {

    /** Magic number of an IDX image file (unsigned byte, 3 dimensions). */
    public static final int IMAGES_MAGIC = 2051;
    /** Magic number of an IDX label file (unsigned byte, 1 dimension). */
    public static final int LABELS_MAGIC = 2049;

    /** True if this is an image file header. */
    public boolean isImages() {
        return magic == IMAGES_MAGIC;
    }

    /** Size of the header in bytes: 16 for images, 8 for labels. */
    public int headerBytes() {
        return isImages() ? 16 : 8;
    }

    /**
     * The file length this header implies: header plus one byte per pixel (images) or per label, or
     * {@link Long#MAX_VALUE} if that exceeds what a {@code long} holds (a header declaring, say, 2^22 images of
     * 2^21 x 2^21 pixels), so that no file length can ever match it.
     */
    public long expectedLength() {
        if (!isImages()) {
            return headerBytes() + (long) count;
        }
        long pixels = (long) rows * cols; // both in [0, 2^31): fits
        if (count != 0 && pixels > (Long.MAX_VALUE - headerBytes()) / count) {
            return Long.MAX_VALUE;
        }
        return headerBytes() + count * pixels;
    }

    /**
     * Reads the header of {@code file}.
     *
     * @throws InvalidMnistDataException if the path is a directory, named pipe or other file that is not a regular file
     *                                   (checked before it is opened: reading a pipe could block forever), if the
     *                                   file is shorter than a header, or its magic number is neither 2051 nor 2049
     * @throws IOException               if the file does not exist or cannot be read
     */
    public static IdxHeader read(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new InvalidMnistDataException(String.format("%s: expected a regular IDX file, found %s", file,
                    Files.isDirectory(file) ? "a directory" : "a special file (named pipe, device or socket)"));
        }
        long length = Files.size(file);
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            int magic = data.readInt();
            if (magic != IMAGES_MAGIC && magic != LABELS_MAGIC) {
                throw new InvalidMnistDataException(String.format(
                        "%s: expected IDX magic number %d (images) or %d (labels), found %d (0x%08x)",
                        file, IMAGES_MAGIC, LABELS_MAGIC, magic, magic));
            }
            int count = data.readInt();
            if (magic == LABELS_MAGIC) {
                return checkCount(file, new IdxHeader(magic, count, 0, 0));
            }
            return checkCount(file, new IdxHeader(magic, count, data.readInt(), data.readInt()));
        } catch (EOFException e) {
            throw new InvalidMnistDataException(String.format(
                    "%s: expected an IDX header (8 bytes for labels, 16 for images), found a file of %d bytes",
                    file, length));
        }
    }

    private static IdxHeader checkCount(Path file, IdxHeader header) {
        if (header.count < 0 || header.rows < 0 || header.cols < 0) {
            throw new InvalidMnistDataException(String.format(
                    "%s: expected non-negative count, rows and columns, found %s", file, header));
        }
        return header;
    }
}
