package io.github.dl4jpruning.benchmark.data;

/**
 * A file in the MNIST IDX layout is truncated, corrupted or inconsistent with its siblings. The message names the file,
 * the expected value and the value found. The file is never used, overwritten or deleted.
 */
public class InvalidMnistDataException extends RuntimeException {
    /** @param message what is wrong, naming the file, the expected and the actual value */
    public InvalidMnistDataException(String message) {
        super(message);
    }
}
