package io.github.dl4jpruning.benchmark.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The directory the user names ({@code --data-dir}, {@value MnistProvisioner#DIR_PROPERTY},
 * {@value MnistProvisioner#DIR_ENV}): used as it is or not at all, never written to, no silent fall-back to another
 * source.
 */
final class UserDirectorySource implements MnistFilesSource {

    private final Path directory;
    private final MnistDirectory check;

    UserDirectorySource(Path directory, MnistDirectory check) {
        this.directory = directory;
        this.check = check;
    }

    @Override
    public MnistSource kind() {
        return MnistSource.USER_DIRECTORY;
    }

    /** @throws MnistUnavailableException if the directory is missing, is a file or lacks one of the four files */
    @Override
    public Optional<MnistFiles> find(List<String> attempts) {
        String named = "MNIST directory " + directory + " (named with --data-dir, -D" + MnistProvisioner.DIR_PROPERTY
                + " or " + MnistProvisioner.DIR_ENV + ")";
        if (!Files.exists(directory)) {
            throw new MnistUnavailableException(named + " does not exist");
        }
        if (!Files.isDirectory(directory)) {
            throw new MnistUnavailableException(named + " is a file, not a directory");
        }
        Set<MnistFile> missing = MnistDirectory.missing(directory);
        if (!missing.isEmpty()) {
            List<String> names = missing.stream().map(MnistFile::fileName).toList();
            throw new MnistUnavailableException(named + " lacks " + names + "; put the four uncompressed IDX files "
                    + "there, or name no directory to use DL4J's directory, npm or DL4J's downloader");
        }
        return Optional.of(check.validate(directory, kind()));
    }
}
