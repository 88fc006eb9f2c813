package io.github.dl4jpruning.benchmark.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** The last resort: downloads missing MNIST files into a directory. The default is {@link Dl4jMnistDownloader}. */
@FunctionalInterface
public interface MnistDownloader {

    /**
     * @param directory where the files must appear, uncompressed, under their {@link MnistFile#fileName()}
     * @param missing   the files to download; files already there are never touched
     */
    void download(Path directory, Set<MnistFile> missing) throws IOException;
}
