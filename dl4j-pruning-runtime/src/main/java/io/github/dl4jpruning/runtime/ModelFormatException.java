package io.github.dl4jpruning.runtime;

import java.io.IOException;

/**
 * A model file the runtime cannot load: truncated, not a model file (wrong magic), written by a newer version, a
 * checksum mismatch, sizes that do not add up, an unknown layer or activation, shapes that do not chain, or weights
 * that are NaN or infinite. The message names the offending value and what was expected. Nothing is allocated from a
 * size in the file before that size has been checked against the bytes actually present.
 */
public class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what was found and what was expected */
    public ModelFormatException(String message) {
        super(message);
    }

    /** @param message what was found and what was expected; @param cause the underlying failure */
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
