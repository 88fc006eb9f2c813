package io.github.dl4jpruning.sparse;

import java.io.IOException;

/**
 * A sparse export cannot be read: wrong magic or version, a truncated file, or a header whose counts do not fit the
 * shape or the bytes that follow. The message names the layer, the value read and what was expected.
 */
public class SparseExportException extends IOException {
    private static final long serialVersionUID = 1L;

    public SparseExportException(String message) {
        super(message);
    }

    public SparseExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
