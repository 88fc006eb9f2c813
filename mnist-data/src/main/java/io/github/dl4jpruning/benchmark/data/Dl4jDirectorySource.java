package io.github.dl4jpruning.benchmark.data;

import io.github.dl4jpruning.benchmark.io.StaleTemporaries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DL4J's resource directory, where {@code new MnistDataSetIterator(batch, train, seed)} looks for the uncompressed
 * files and where the later sources install them. Files already there are completed with MNIST only if they are MNIST:
 * no mixed data sets.
 */
final class Dl4jDirectorySource implements MnistFilesSource {
    private static final Logger log = LoggerFactory.getLogger(MnistProvisioner.class);

    private final Path directory;
    private final MnistDirectory check;

    Dl4jDirectorySource(Path directory, MnistDirectory check) {
        this.directory = directory;
        this.check = check;
    }

    @Override
    public MnistSource kind() {
        return MnistSource.DL4J_DIRECTORY;
    }

    /** @throws InvalidMnistDataException if the directory holds some of the files and they are not MNIST's */
    @Override
    public Optional<MnistFiles> find(List<String> attempts) {
        StaleTemporaries.removeFiles(directory, name -> MnistDirectory.byName(name) != null);
        Set<MnistFile> missing = MnistDirectory.missing(directory);
        if (missing.isEmpty()) {
            return Optional.of(check.validate(directory, kind()));
        }
        requirePresentFilesGenuine(missing);
        attempts.add("DL4J directory " + directory + " lacks " + missing);
        log.info("DL4J directory {} lacks {}", directory, missing);
        return Optional.empty();
    }

    private void requirePresentFilesGenuine(Set<MnistFile> missing) {
        for (MnistFile f : MnistFile.values()) {
            if (missing.contains(f)) {
                continue;
            }
            Path path = directory.resolve(f.fileName());
            try {
                IdxFiles.check(f, path);
                String md5 = Md5.of(path);
                if (!md5.equals(f.mnistMd5())) {
                    throw new InvalidMnistDataException(String.format(
                            "%s: expected MD5 %s (MNIST) to complete the directory with MNIST files, found %s; "
                                    + "it would be mixed with MNIST. Add the missing %s yourself or move it away",
                            path, f.mnistMd5(), md5, missing));
                }
            } catch (IOException e) {
                throw new InvalidMnistDataException(path + ": cannot be read: " + e.getMessage());
            }
        }
    }
}
