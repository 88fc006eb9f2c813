package io.github.dl4jpruning.benchmark.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The corpus of the IDX fuzz campaign: valid small IDX files mutated in seeded, reproducible ways (truncations, byte
 * flips, wrong magic numbers, huge, negative and overflowing counts and dimensions, trailing bytes, out-of-range
 * labels, empty files), plus paths that are not regular files (directories, symlinks, a named pipe).
 */
final class IdxMutations {

    /** What stands at the path of the file under test. */
    enum Kind { BYTES, DIRECTORY, SYMLINK_TO_VALID, SYMLINK_DANGLING, SYMLINK_LOOP, SYMLINK_TO_DIRECTORY, FIFO }

    /** One case: the file's role in the data set, what stands at its path, and for BYTES its content. */
    record Case(String name, MnistFile role, Kind kind, byte[] bytes) {
    }

    static final int TRAIN = 3;
    static final int TEST = 2;

    private static final int[] MAGICS = {IdxHeader.IMAGES_MAGIC, IdxHeader.LABELS_MAGIC, 0, -1, 0x0903, 0x0801, 0x0804,
        0x08030000, Integer.MIN_VALUE, Integer.MAX_VALUE};
    private static final int[] COUNTS = {0, 1, TRAIN, TEST, 4, -1, -TEST, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 22,
        0x7ffffff0, 60_000};
    private static final int[] DIMS = {28, 28, 28, 0, 1, 27, 29, -1, -28, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 21,
        0x10000, 784};

    private IdxMutations() {
    }

    /** A valid file for {@code role}. */
    static byte[] valid(MnistFile role) throws IOException {
        int count = role.isTrain() ? TRAIN : TEST;
        return role.isImages() ? IdxTestFiles.images(IdxHeader.IMAGES_MAGIC, count, 28, 28)
                : IdxTestFiles.labels(IdxHeader.LABELS_MAGIC, count);
    }

    /** At least {@code n} cases drawn from {@code seed}. */
    static List<Case> corpus(long seed, int n) throws IOException {
        Random r = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (MnistFile role : MnistFile.values()) {
            byte[] v = valid(role);
            cases.add(new Case("valid", role, Kind.BYTES, v));
            cases.add(new Case("empty", role, Kind.BYTES, new byte[0]));
            for (Kind k : Kind.values()) {
                if (k != Kind.BYTES) {
                    cases.add(new Case(k.name().toLowerCase(), role, k, v));
                }
            }
            for (int len = 1; len < Math.min(v.length, 20); len++) {
                cases.add(new Case("truncated to " + len, role, Kind.BYTES, Arrays.copyOf(v, len)));
            }
            // count * rows * cols = 2^22 * 2^21 * 2^21 = 2^64: wraps to 0 in a long product.
            cases.add(new Case("count x rows x cols = 2^64", role, Kind.BYTES,
                    header(IdxHeader.IMAGES_MAGIC, 1 << 22, 1 << 21, 1 << 21, 0, r)));
        }
        while (cases.size() < n) {
            MnistFile role = MnistFile.values()[r.nextInt(4)];
            cases.add(mutate(role, valid(role), r));
        }
        return cases;
    }

    private static Case mutate(MnistFile role, byte[] v, Random r) {
        switch (r.nextInt(7)) {
            case 0: {
                int len = r.nextInt(v.length);
                return new Case("truncated to " + len, role, Kind.BYTES, Arrays.copyOf(v, len));
            }
            case 1: {
                byte[] b = v.clone();
                int flips = 1 + r.nextInt(4);
                StringBuilder at = new StringBuilder();
                for (int i = 0; i < flips; i++) {
                    int pos = r.nextInt(Math.min(b.length, r.nextBoolean() ? 16 : b.length));
                    b[pos] = (byte) r.nextInt(256);
                    at.append(pos).append(' ');
                }
                return new Case("bytes changed at " + at.toString().trim(), role, Kind.BYTES, b);
            }
            case 2: {
                byte[] extra = new byte[1 + r.nextInt(r.nextBoolean() ? 4 : 2000)];
                r.nextBytes(extra);
                byte[] b = Arrays.copyOf(v, v.length + extra.length);
                System.arraycopy(extra, 0, b, v.length, extra.length);
                return new Case(extra.length + " trailing bytes", role, Kind.BYTES, b);
            }
            case 3: {
                byte[] b = v.clone();
                int headerBytes = role.isImages() ? 16 : 8;
                int pos = headerBytes + r.nextInt(b.length - headerBytes);
                b[pos] = (byte) (10 + r.nextInt(246));
                return new Case("payload byte " + pos + " = " + (b[pos] & 0xFF), role, Kind.BYTES, b);
            }
            default: {
                int magic = r.nextInt(3) == 0 ? MAGICS[r.nextInt(MAGICS.length)]
                        : role.isImages() ? IdxHeader.IMAGES_MAGIC : IdxHeader.LABELS_MAGIC;
                int count = COUNTS[r.nextInt(COUNTS.length)];
                int rows = DIMS[r.nextInt(DIMS.length)];
                int cols = DIMS[r.nextInt(DIMS.length)];
                byte[] b = role.isImages() || magic == IdxHeader.IMAGES_MAGIC
                        ? header(magic, count, rows, cols, r.nextInt(4) == 0 ? -1 : r.nextInt(3000), r)
                        : labelHeader(magic, count, r.nextInt(4) == 0 ? -1 : r.nextInt(20), r);
                return new Case(String.format("header magic=%d count=%d rows=%d cols=%d, %d bytes", magic, count, rows,
                        cols, b.length), role, Kind.BYTES, b);
            }
        }
    }

    /** An image header with {@code payload} random bytes, or (payload -1) as many as it declares if that is small. */
    static byte[] header(int magic, int count, int rows, int cols, int payload, Random r) {
        long declared = (long) count * rows * cols;
        int n = payload >= 0 ? payload : declared >= 0 && declared <= 100_000 ? (int) declared : 0;
        ByteBuffer b = ByteBuffer.allocate(16 + n).putInt(magic).putInt(count).putInt(rows).putInt(cols);
        byte[] body = new byte[n];
        r.nextBytes(body);
        return b.put(body).array();
    }

    private static byte[] labelHeader(int magic, int count, int payload, Random r) {
        int n = payload >= 0 ? payload : count >= 0 && count <= 100_000 ? count : 0;
        ByteBuffer b = ByteBuffer.allocate(8 + n).putInt(magic).putInt(count);
        for (int i = 0; i < n; i++) {
            b.put((byte) r.nextInt(r.nextInt(8) == 0 ? 256 : 10));
        }
        return b.array();
    }
}
