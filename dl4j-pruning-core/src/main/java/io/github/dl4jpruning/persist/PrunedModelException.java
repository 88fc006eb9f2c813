package io.github.dl4jpruning.persist;

import java.io.IOException;

/**
 * A pruned model file cannot be read (truncated, corrupt, hostile or mismatched entries), or masks that do not fit the
 * network were about to be saved.
 */
public class PrunedModelException extends IOException {
    private static final long serialVersionUID = 1L;

    public PrunedModelException(String message) {
        super(message);
    }

    public PrunedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
