package io.github.dl4jpruning.benchmark.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Structural checks of files in the MNIST IDX layout, for data sets that are not byte-for-byte MNIST (Fashion-MNIST,
 * a synthetic test set): magic number, 28x28 images, file length equal to header plus payload, labels in 0..9, and as
 * many labels as images.
 *
 * <pre>{@code
 * IdxHeader images = IdxFiles.checkImages(dir.resolve("t10k-images-idx3-ubyte"));
 * IdxHeader labels = IdxFiles.checkLabels(dir.resolve("t10k-labels-idx1-ubyte"));
 * IdxFiles.checkSameCount(images, imagesPath, labels, labelsPath);
 * }</pre>
 */
public final class IdxFiles {

    /** Image height every MNIST-layout data set must have. */
    public static final int ROWS = 28;
    /** Image width every MNIST-layout data set must have. */
    public static final int COLS = 28;
    /** Labels must lie in {@code 0 .. NUM_CLASSES - 1}. */
    public static final int NUM_CLASSES = 10;

    private IdxFiles() {
    }

    /**
     * Checks an image file: magic 2051, 28x28, length {@code 16 + count * 28 * 28}.
     *
     * @return its header
     * @throws InvalidMnistDataException naming the file, the expected and the found value (also for a directory or
     *                                   named pipe at that path, see {@link IdxHeader#read})
     * @throws IOException               if the file does not exist or cannot be read
     */
    public static IdxHeader checkImages(Path file) throws IOException {
        IdxHeader header = IdxHeader.read(file);
        if (!header.isImages()) {
            throw new InvalidMnistDataException(String.format(
                    "%s: expected magic number %d (images), found %d", file, IdxHeader.IMAGES_MAGIC, header.magic()));
        }
        if (header.rows() != ROWS || header.cols() != COLS) {
            throw new InvalidMnistDataException(String.format(
                    "%s: expected images of %dx%d, found %dx%d", file, ROWS, COLS, header.rows(), header.cols()));
        }
        long actual = Files.size(file);
        if (actual != header.expectedLength()) {
            throw new InvalidMnistDataException(String.format(
                    "%s: expected %d bytes for %d images of %dx%d, found %d",
                    file, header.expectedLength(), header.count(), ROWS, COLS, actual));
        }
        return header;
    }

    /**
     * Checks a label file: magic 2049, length {@code 8 + count}, every label in 0..9.
     *
     * @return its header
     * @throws InvalidMnistDataException naming the file, the expected and the found value (also for a directory or
     *                                   named pipe at that path, see {@link IdxHeader#read})
     * @throws IOException               if the file does not exist or cannot be read
     */
    public static IdxHeader checkLabels(Path file) throws IOException {
        IdxHeader header = IdxHeader.read(file);
        if (header.isImages()) {
            throw new InvalidMnistDataException(String.format(
                    "%s: expected magic number %d (labels), found %d", file, IdxHeader.LABELS_MAGIC, header.magic()));
        }
        long actual = Files.size(file);
        if (actual != header.expectedLength()) {
            throw new InvalidMnistDataException(String.format(
                    "%s: expected %d bytes for %d labels, found %d", file, header.expectedLength(), header.count(), actual));
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(header.headerBytes());
            byte[] labels = in.readNBytes(header.count());
            for (int i = 0; i < labels.length; i++) {
                int label = labels[i] & 0xFF;
                if (label >= NUM_CLASSES) {
                    throw new InvalidMnistDataException(String.format(
                            "%s: expected labels in 0..%d, found %d at index %d", file, NUM_CLASSES - 1, label, i));
                }
            }
        }
        return header;
    }

    /**
     * Checks that an image file and its label file hold the same number of examples.
     *
     * @throws InvalidMnistDataException naming both files and both counts
     */
    public static void checkSameCount(IdxHeader images, Path imagesFile, IdxHeader labels, Path labelsFile) {
        if (images.count() != labels.count()) {
            throw new InvalidMnistDataException(String.format(
                    "%s: expected as many labels as %s has images (%d), found %d",
                    labelsFile, imagesFile, images.count(), labels.count()));
        }
    }

    /**
     * Checks one file by its role in the layout (images or labels).
     *
     * @return its header
     * @throws InvalidMnistDataException naming the file, the expected and the found value
     * @throws IOException               if the file does not exist or cannot be read
     */
    public static IdxHeader check(MnistFile role, Path file) throws IOException {
        return role.isImages() ? checkImages(file) : checkLabels(file);
    }
}
