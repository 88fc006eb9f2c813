package io.github.dl4jpruning.persist;

import java.io.IOException;

/** A saved pruned model cannot be read: truncated file, corrupt or mismatched pruning entries. */
public class PrunedModelException extends IOException {
    private static final long serialVersionUID = 1L;

    public PrunedModelException(String message) {
        super(message);
    }

    public PrunedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
