package io.github.dl4jpruning.benchmark.data;

/**
 * No source could provide the four MNIST files. The message lists what each source reported and tells the user which
 * files (with their MD5s) to put in which directory.
 */
public class MnistUnavailableException extends RuntimeException {
    /** @param message every source's failure and the manual fix */
    public MnistUnavailableException(String message) {
        super(message);
    }
}
