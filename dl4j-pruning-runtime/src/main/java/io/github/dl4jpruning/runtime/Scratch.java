package io.github.dl4jpruning.runtime;

/**
 * Per-thread scratch arrays that a layer reuses from call to call instead of allocating (and the JVM zeroing) them
 * every time: an im2col buffer of a convolution is as large as its product's input, and at batch 1 allocating it
 * costs about as much as filling it. Thread-confined ({@link ThreadLocal}), so a {@link RuntimeModel} stays safe for
 * concurrent callers; each calling thread keeps the largest buffers one call needed (per slot) until it ends. The
 * arrays come back with the previous call's values: callers overwrite every value they read.
 *
 * <pre>{@code
 * float[] c = Scratch.floats(Scratch.PRODUCT, filters * n);   // at least filters * n values, not zeroed
 * float[][] rows = Scratch.rows(k, n);                        // k arrays of at least n values each
 * }</pre>
 */
final class Scratch {

    /** Slot of a convolution's product (filters x columns). */
    static final int PRODUCT = 0;
    /** Slot of a convolution's zero-padded input plane. */
    static final int PLANE = 1;
    private static final int SLOTS = 2;

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private final float[][] slots = new float[SLOTS][];
    private float[][] rows = new float[0][];

    private Scratch() {
    }

    /** At least {@code size} values of this thread's {@code slot}, not zeroed. */
    static float[] floats(int slot, int size) {
        Scratch s = LOCAL.get();
        float[] a = s.slots[slot];
        if (a == null || a.length < size) {
            a = new float[size];
            s.slots[slot] = a;
        }
        return a;
    }

    /**
     * This thread's row arrays: {@code count} arrays of at least {@code length} values each, not zeroed; the same
     * outer array on every call (do not keep it across calls).
     */
    static float[][] rows(int count, int length) {
        Scratch s = LOCAL.get();
        if (s.rows.length < count) {
            s.rows = java.util.Arrays.copyOf(s.rows, count);
        }
        float[][] r = s.rows;
        for (int i = 0; i < count; i++) {
            if (r[i] == null || r[i].length < length) {
                r[i] = new float[length];
            }
        }
        return r;
    }
}
