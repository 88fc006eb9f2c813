package io.github.dl4jpruning.benchmark.results;

import io.github.dl4jpruning.benchmark.data.MnistFiles;

/**
 * {@code benchmark.json}'s {@code "data"}: where MNIST came from.
 *
 * @param directory    the directory the four files were read from
 * @param source       which source provided them ({@code USER_DIRECTORY}, {@code DL4J_DIRECTORY}, ...)
 * @param genuineMnist true if the four files match the MD5s of the original MNIST release
 * @param trainCount   training examples in the files
 * @param testCount    test examples in the files
 */
public record DataSection(String directory, String source, boolean genuineMnist, int trainCount, int testCount) {

    /** The section for provisioned files. */
    public static DataSection of(MnistFiles files) {
        return new DataSection(files.directory().toString(), files.source().name(), files.genuineMnist(),
                files.trainCount(), files.testCount());
    }
}
