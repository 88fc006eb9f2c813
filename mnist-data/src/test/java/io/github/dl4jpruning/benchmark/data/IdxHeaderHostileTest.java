package io.github.dl4jpruning.benchmark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two faults IdxFuzzTest found in {@link IdxHeader}, each on its own. */
class IdxHeaderHostileTest {

    @TempDir
    Path tmp;

    @Test
    void expectedLengthOfAHeaderWhosePixelCountOverflowsALongMatchesNoFile() throws IOException {
        // 2^22 images of 2^21 x 2^21 pixels: 2^64 bytes, which a long product wraps to 0 (+ 16 = this file's length).
        Path file = Files.write(tmp.resolve("wrap"), ByteBuffer.allocate(16).putInt(IdxHeader.IMAGES_MAGIC)
                .putInt(1 << 22).putInt(1 << 21).putInt(1 << 21).array());

        IdxHeader header = IdxHeader.read(file);

        assertThat(header.expectedLength()).isEqualTo(Long.MAX_VALUE).isNotEqualTo(Files.size(file));
        assertThat(new IdxHeader(IdxHeader.IMAGES_MAGIC, Integer.MAX_VALUE, 28, 28).expectedLength())
                .as("the largest count that fits").isEqualTo(16 + (long) Integer.MAX_VALUE * 784);
    }

    @Test
    void namedPipeIsRejectedWithoutBeingOpened() throws Exception {
        Path fifo = tmp.resolve("train-images-idx3-ubyte");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).as("mkfifo").isZero();

        // Without the check, opening the pipe blocks until a writer appears: forever.
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> IdxFiles.check(MnistFile.TRAIN_IMAGES, fifo))
                        .isInstanceOf(InvalidMnistDataException.class)
                        .hasMessage(fifo + ": expected a regular IDX file, found a special file (named pipe, device "
                                + "or socket)"));
    }

    @Test
    void directoryIsRejectedNamingIt() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("t10k-labels-idx1-ubyte"));

        assertThatThrownBy(() -> IdxHeader.read(dir))
                .isInstanceOf(InvalidMnistDataException.class)
                .hasMessage(dir + ": expected a regular IDX file, found a directory");
    }
}
