package io.github.dl4jpruning.benchmark.data;

import java.util.List;
import java.util.Optional;

/**
 * One place the four MNIST files can come from. {@link MnistProvisioner} asks its sources in turn (the user's
 * directory alone, or DL4J's directory, the npm package and DL4J's downloader) until one has them; a new place is a
 * new implementation, not a new branch in the provisioner.
 */
interface MnistFilesSource {

    /** Which source this is, as {@link MnistFiles#source()} records it. */
    MnistSource kind();

    /**
     * Finds or obtains the files and validates them.
     *
     * @param attempts where to say why this source could not provide them, for the final error message
     * @return the validated files, or empty if this source could not provide them and the next one may
     * @throws MnistUnavailableException or {@link InvalidMnistDataException} to stop the search: the files found are
     *                                   unusable and no other source may paper over that
     */
    Optional<MnistFiles> find(List<String> attempts);
}
