package io.github.dl4jpruning.benchmark.data;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A minimal reader of {@code .tgz} archives (POSIX ustar, GNU long names, pax path records): enough for an npm package,
 * without a dependency. Regular files are handed to a callback as a stream limited to the entry.
 */
final class TarGzReader {

    private static final int BLOCK = 512;

    /** Receives each regular file of the archive; the stream ends at the entry's end and must not be closed. */
    @FunctionalInterface
    interface EntryHandler {
        void accept(String name, long size, InputStream content) throws IOException;
    }

    private TarGzReader() {
    }

    static void read(Path archive, EntryHandler handler) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16))) {
            String longName = null;
            byte[] header = new byte[BLOCK];
            while (true) {
                int n = in.readNBytes(header, 0, BLOCK);
                if (n == 0 || isZero(header)) {
                    return;
                }
                if (n < BLOCK) {
                    throw new IOException(archive + ": expected a 512-byte tar header, found " + n + " bytes");
                }
                long size = octal(header, 124, 12, archive);
                char type = (char) header[156];
                String name = longName != null ? longName : fullName(header);
                longName = null;
                if (type == 'L' || type == 'x') {
                    String data = new String(in.readNBytes(Math.toIntExact(size)), StandardCharsets.UTF_8);
                    skipPadding(in, size);
                    longName = type == 'L' ? data.replace("\0", "") : paxPath(data);
                    continue;
                }
                Limited content = new Limited(in, size);
                if (type == '0' || type == '\0') {
                    handler.accept(name, size, content);
                }
                content.skipRest();
                skipPadding(in, size);
            }
        }
    }

    private static String fullName(byte[] header) {
        String name = cString(header, 0, 100);
        boolean ustar = cString(header, 257, 6).startsWith("ustar");
        String prefix = ustar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int eq = record.indexOf(" path=");
            if (eq >= 0) {
                return record.substring(eq + " path=".length());
            }
        }
        return null;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len, Path archive) throws IOException {
        String s = cString(b, off, len).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException(archive + ": expected an octal size in a tar header, found '" + s + "'");
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long pad = (BLOCK - size % BLOCK) % BLOCK;
        in.skipNBytes(pad);
    }

    /** A view of the next {@code remaining} bytes; closing it does not close the archive. */
    private static final class Limited extends FilterInputStream {
        private long remaining;

        Limited(InputStream in, long size) {
            super(in);
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buf, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // The archive stream stays open for the next entry.
        }

        void skipRest() throws IOException {
            in.skipNBytes(remaining);
            remaining = 0;
        }
    }
}
