package io.github.dl4jpruning.benchmark.data;

/**
 * The four files of the MNIST IDX layout, with the names DL4J's {@code MnistDataSetIterator} looks for (uncompressed,
 * no {@code .gz}) and the MD5 of the original MNIST release.
 *
 * <p>Any data set stored in this layout (Fashion-MNIST, for example) uses the same names; only the MD5 tells genuine
 * MNIST apart.
 */
public enum MnistFile {
    TRAIN_IMAGES("train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb", true, true, 60_000),
    TRAIN_LABELS("train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624", false, true, 60_000),
    TEST_IMAGES("t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea", true, false, 10_000),
    TEST_LABELS("t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637", false, false, 10_000);

    private final String fileName;
    private final String mnistMd5;
    private final boolean images;
    private final boolean train;
    private final int mnistCount;

    MnistFile(String fileName, String mnistMd5, boolean images, boolean train, int mnistCount) {
        this.fileName = fileName;
        this.mnistMd5 = mnistMd5;
        this.images = images;
        this.train = train;
        this.mnistCount = mnistCount;
    }

    /** The file name, e.g. {@code t10k-images-idx3-ubyte}. */
    public String fileName() {
        return fileName;
    }

    /** MD5 (lower-case hex) of this file in the original MNIST release. */
    public String mnistMd5() {
        return mnistMd5;
    }

    /** True for an image file (magic 2051), false for a label file (magic 2049). */
    public boolean isImages() {
        return images;
    }

    /** True for the training split, false for the test split. */
    public boolean isTrain() {
        return train;
    }

    /** Number of examples in this file in the original MNIST release. */
    public int mnistCount() {
        return mnistCount;
    }

    @Override
    public String toString() {
        return fileName;
    }
}
