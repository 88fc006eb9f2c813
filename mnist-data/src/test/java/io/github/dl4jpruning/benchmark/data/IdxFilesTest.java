package io.github.dl4jpruning.benchmark.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxFilesTest {

    @TempDir
    Path dir;

    @Test
    void validImagesFile_headerReadsCountRowsColsAndExpectedLength() throws IOException {
        Path f = dir.resolve("t10k-images-idx3-ubyte");
        Files.write(f, IdxTestFiles.images(IdxHeader.IMAGES_MAGIC, 3, 28, 28));

        IdxHeader h = IdxFiles.checkImages(f);

        assertThat(h).isEqualTo(new IdxHeader(2051, 3, 28, 28));
        assertThat(h.expectedLength()).isEqualTo(16 + 3 * 784).isEqualTo(Files.size(f));
    }

    @Test
    void validLabelsFile_passes() throws IOException {
        Path f = dir.resolve("t10k-labels-idx1-ubyte");
        Files.write(f, IdxTestFiles.labels(IdxHeader.LABELS_MAGIC, 3));

        assertThat(IdxFiles.checkLabels(f)).isEqualTo(new IdxHeader(2049, 3, 0, 0));
    }

    @Test
    void truncatedImages_nameFileExpectedAndFoundLength() throws IOException {
        Path f = dir.resolve("t10k-images-idx3-ubyte");
        byte[] full = IdxTestFiles.images(IdxHeader.IMAGES_MAGIC, 10000, 28, 28);
        Files.write(f, Arrays.copyOf(full, 4096));

        assertThatThrownBy(() -> IdxFiles.checkImages(f))
                .isInstanceOf(InvalidMnistDataException.class)
                .hasMessage(f + ": expected 7840016 bytes for 10000 images of 28x28, found 4096");
    }

    @Test
    void fileShorterThanHeader_isRejected() throws IOException {
        Path f = dir.resolve("train-images-idx3-ubyte");
        Files.write(f, new byte[]{0, 0, 8, 3, 0, 0});

        assertThatThrownBy(() -> IdxFiles.checkImages(f))
                .isInstanceOf(InvalidMnistDataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("found a file of 6 bytes");
    }

    @Test
    void badMagicNumber_isRejectedWithExpectedAndFound() throws IOException {
        Path f = dir.resolve("train-images-idx3-ubyte");
        Files.write(f, IdxTestFiles.images(0x1234, 3, 28, 28));

        assertThatThrownBy(() -> IdxFiles.checkImages(f))
                .isInstanceOf(InvalidMnistDataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("2051").hasMessageContaining("found 4660");
    }

    @Test
    void labelsWhereImagesExpected_isRejected() throws IOException {
        Path f = dir.resolve("train-images-idx3-ubyte");
        Files.write(f, IdxTestFiles.labels(IdxHeader.LABELS_MAGIC, 3));

        assertThatThrownBy(() -> IdxFiles.checkImages(f))
                .hasMessage(f + ": expected magic number 2051 (images), found 2049");
    }

    @Test
    void imagesOtherThan28x28_areRejected() throws IOException {
        Path f = dir.resolve("train-images-idx3-ubyte");
        Files.write(f, IdxTestFiles.images(IdxHeader.IMAGES_MAGIC, 3, 32, 32));

        assertThatThrownBy(() -> IdxFiles.checkImages(f))
                .hasMessage(f + ": expected images of 28x28, found 32x32");
    }

    @Test
    void truncatedLabels_areRejected() throws IOException {
        Path f = dir.resolve("train-labels-idx1-ubyte");
        byte[] full = IdxTestFiles.labels(IdxHeader.LABELS_MAGIC, 100);
        Files.write(f, Arrays.copyOf(full, 50));

        assertThatThrownBy(() -> IdxFiles.checkLabels(f))
                .hasMessage(f + ": expected 108 bytes for 100 labels, found 50");
    }

    @Test
    void labelOutOfRange_isRejectedWithIndex() throws IOException {
        Path f = dir.resolve("train-labels-idx1-ubyte");
        byte[] bytes = IdxTestFiles.labels(IdxHeader.LABELS_MAGIC, 3);
        bytes[8 + 2] = 12;
        Files.write(f, bytes);

        assertThatThrownBy(() -> IdxFiles.checkLabels(f))
                .hasMessage(f + ": expected labels in 0..9, found 12 at index 2");
    }

    @Test
    void imageAndLabelCountsDiffer_isRejected() throws IOException {
        Path images = dir.resolve("t10k-images-idx3-ubyte");
        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        Files.write(images, IdxTestFiles.images(IdxHeader.IMAGES_MAGIC, 3, 28, 28));
        Files.write(labels, IdxTestFiles.labels(IdxHeader.LABELS_MAGIC, 4));

        assertThatThrownBy(() -> IdxFiles.checkSameCount(IdxFiles.checkImages(images), images,
                IdxFiles.checkLabels(labels), labels))
                .hasMessage(labels + ": expected as many labels as " + images + " has images (3), found 4");
    }
}
