package io.github.dl4jpruning.benchmark.data;

import org.deeplearning4j.datasets.iterator.impl.MnistDataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Train and test iterators over provisioned MNIST: DL4J's own {@link MnistDataSetIterator}, pointed at the directory
 * of the files ({@code topLevelDir}), so it never tries to download. Pixels are {@code x/255} (not binarized), labels
 * one-hot over 10 classes, examples shuffled with {@code seed}.
 *
 * <pre>{@code
 * DataSetIterator train = MnistData.train(128, 6000, 12345);   // provisions if needed, 6000 random train images
 * DataSetIterator test = MnistData.test(files, 128, 0, 12345);  // all 10,000 test images
 * }</pre>
 *
 * <p>DL4J's iterator assumes MNIST's sizes (60,000 train, 10,000 test), so another data set in the MNIST layout must
 * have them too (Fashion-MNIST does).
 */
public final class MnistData {

    private MnistData() {
    }

    /** Training iterator over MNIST provisioned with {@link MnistProvisioner}'s defaults. */
    public static DataSetIterator train(int batchSize, int numExamples, long seed) {
        return train(MnistProvisioner.builder().build().provision(), batchSize, numExamples, seed);
    }

    /** Test iterator over MNIST provisioned with {@link MnistProvisioner}'s defaults. */
    public static DataSetIterator test(int batchSize, int numExamples, long seed) {
        return test(MnistProvisioner.builder().build().provision(), batchSize, numExamples, seed);
    }

    /**
     * @param numExamples how many (randomly chosen) training examples; 0 for all
     */
    public static DataSetIterator train(MnistFiles files, int batchSize, int numExamples, long seed) {
        return iterator(files, true, batchSize, numExamples, seed);
    }

    /**
     * @param numExamples how many (randomly chosen) test examples; 0 for all
     */
    public static DataSetIterator test(MnistFiles files, int batchSize, int numExamples, long seed) {
        return iterator(files, false, batchSize, numExamples, seed);
    }

    /** The number of examples an iterator with this {@code numExamples} yields (0 means all). */
    public static int effectiveCount(MnistFiles files, boolean train, int numExamples) {
        int available = train ? files.trainCount() : files.testCount();
        return numExamples == 0 ? available : numExamples;
    }

    private static DataSetIterator iterator(MnistFiles files, boolean train, int batchSize, int numExamples, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        MnistFile images = train ? MnistFile.TRAIN_IMAGES : MnistFile.TEST_IMAGES;
        int available = train ? files.trainCount() : files.testCount();
        if (available != images.mnistCount()) {
            throw new IllegalArgumentException(String.format(
                    "%s: DL4J's MnistDataSetIterator needs %d examples, found %d",
                    files.path(images), images.mnistCount(), available));
        }
        if (numExamples < 0 || numExamples > available) {
            throw new IllegalArgumentException(String.format(
                    "numExamples must be in [0, %d] (0 = all), got %d", available, numExamples));
        }
        int n = numExamples == 0 ? available : numExamples;
        try {
            return new MnistDataSetIterator(batchSize, n, false, train, true, seed, files.directory().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open MNIST in " + files.directory(), e);
        }
    }
}
