package io.github.dl4jpruning.benchmark.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The last resort: a {@link MnistDownloader} (by default DL4J's) fills in what DL4J's directory lacks. */
final class DownloaderSource implements MnistFilesSource {
    private static final Logger log = LoggerFactory.getLogger(MnistProvisioner.class);

    private final MnistDownloader downloader;
    private final Path directory;
    private final MnistDirectory check;

    DownloaderSource(MnistDownloader downloader, Path directory, MnistDirectory check) {
        this.downloader = downloader;
        this.directory = directory;
        this.check = check;
    }

    @Override
    public MnistSource kind() {
        return MnistSource.DL4J_DOWNLOAD;
    }

    @Override
    public Optional<MnistFiles> find(List<String> attempts) {
        try {
            downloader.download(directory, MnistDirectory.missing(directory));
            Set<MnistFile> stillMissing = MnistDirectory.missing(directory);
            if (stillMissing.isEmpty()) {
                return Optional.of(check.validate(directory, kind()));
            }
            attempts.add("DL4J's downloader left " + stillMissing + " missing");
        } catch (IOException | RuntimeException e) {
            attempts.add("DL4J's downloader: " + e.getMessage());
            log.warn("DL4J's downloader failed: {}", e.toString());
        }
        return Optional.empty();
    }
}
