package io.github.dl4jpruning.benchmark.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The four validated files of an MNIST-layout data set, all in one directory, and where they came from.
 *
 * @param trainImages  {@code train-images-idx3-ubyte}
 * @param trainLabels  {@code train-labels-idx1-ubyte}
 * @param testImages   {@code t10k-images-idx3-ubyte}
 * @param testLabels   {@code t10k-labels-idx1-ubyte}
 * @param trainCount   number of training examples
 * @param testCount    number of test examples
 * @param genuineMnist true if all four files match the MD5s of the original MNIST release
 * @param source       which provisioning step found or produced them
 */
public record MnistFiles(Path trainImages, Path trainLabels, Path testImages, Path testLabels,
                         int trainCount, int testCount, boolean genuineMnist, MnistSource source) {

    public MnistFiles {
        Objects.requireNonNull(trainImages, "trainImages");
        Objects.requireNonNull(trainLabels, "trainLabels");
        Objects.requireNonNull(testImages, "testImages");
        Objects.requireNonNull(testLabels, "testLabels");
        Objects.requireNonNull(source, "source");
    }

    /** The directory holding the four files (what DL4J calls {@code topLevelDir}). */
    public Path directory() {
        return trainImages.getParent();
    }

    /** The path of one of the four files. */
    public Path path(MnistFile file) {
        return switch (file) {
            case TRAIN_IMAGES -> trainImages;
            case TRAIN_LABELS -> trainLabels;
            case TEST_IMAGES -> testImages;
            case TEST_LABELS -> testLabels;
        };
    }
}
