package io.github.dl4jpruning.benchmark.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every source checks in a directory: which of the four files it lacks, and whether the four it holds form a
 * usable data set (IDX structure, matching counts, MNIST by MD5 or another set in the same layout).
 */
final class MnistDirectory {
    private static final Logger log = LoggerFactory.getLogger(MnistProvisioner.class);

    private final boolean requireGenuineMnist;

    /** @param requireGenuineMnist if true, a data set in the MNIST layout that is not MNIST is rejected */
    MnistDirectory(boolean requireGenuineMnist) {
        this.requireGenuineMnist = requireGenuineMnist;
    }

    /** The files {@code dir} lacks (all four if it does not exist). */
    static Set<MnistFile> missing(Path dir) {
        Set<MnistFile> missing = EnumSet.noneOf(MnistFile.class);
        for (MnistFile f : MnistFile.values()) {
            if (!Files.isRegularFile(dir.resolve(f.fileName()))) {
                missing.add(f);
            }
        }
        return missing;
    }

    /** The file of that name, or {@code null}. */
    static MnistFile byName(String name) {
        for (MnistFile f : MnistFile.values()) {
            if (f.fileName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /**
     * Checks the four files in {@code dir}.
     *
     * @throws InvalidMnistDataException if one is truncated, corrupted or inconsistent, or not MNIST when genuine
     *                                   MNIST is required
     */
    MnistFiles validate(Path dir, MnistSource source) {
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
}
