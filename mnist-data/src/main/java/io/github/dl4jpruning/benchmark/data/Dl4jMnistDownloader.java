package io.github.dl4jpruning.benchmark.data;

import org.eclipse.deeplearning4j.resources.DataSetResource;
import org.eclipse.deeplearning4j.resources.ResourceDataSets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * DL4J's own MNIST download (the {@code .gz} files from DL4J's resource server, MD5-checked and extracted), as
 * {@code MnistDataSetIterator} would do it, but with short timeouts so an offline machine fails in seconds.
 */
public final class Dl4jMnistDownloader implements MnistDownloader {

    private static final Logger log = LoggerFactory.getLogger(Dl4jMnistDownloader.class);
    private final int timeoutMillis;

    /** @param timeoutMillis connection and read timeout */
    public Dl4jMnistDownloader(int timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be > 0, got " + timeoutMillis);
        }
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void download(Path directory, Set<MnistFile> missing) throws IOException {
        File dir = directory.toFile();
        for (MnistFile file : missing) {
            DataSetResource resource = switch (file) {
                case TRAIN_IMAGES -> ResourceDataSets.mnistTrain(dir);
                case TRAIN_LABELS -> ResourceDataSets.mnistTrainLabels(dir);
                case TEST_IMAGES -> ResourceDataSets.mnistTest(dir);
                case TEST_LABELS -> ResourceDataSets.mnistTestLabels(dir);
            };
            if (resource.existsLocally()) {
                continue;
            }
            log.info("Downloading {} with DL4J's downloader into {}", file, directory);
            try {
                resource.download(true, 1, timeoutMillis, timeoutMillis);
            } catch (Exception e) {
                throw new IOException("DL4J's downloader could not fetch " + file + ": " + e, e);
            }
        }
    }
}
