package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.Weights;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The parameters one pruning step reads, each read once ({@link Weights#read}) and shared by the energy estimate
 * before the step, the scoring and the energy estimate after it. After the masks are written into the network,
 * {@link #applyMasks} makes the copies what the network now holds, so the estimate after the step needs no second
 * read either. At ten million weights each read (a bulk copy out of the native buffer, the f-order weight matrix
 * transposed to c order, every value checked finite) cost as much as scoring itself, and the step read every weight
 * three times.
 *
 * <pre>{@code
 * ParamReads reads = new ParamReads(net);
 * double[] w = reads.get("0_W");     // read now
 * double[] again = reads.get("0_W"); // the same array
 * }</pre>
 */
final class ParamReads {

    private final NetworkAdapter net;
    private final Map<String, double[]> values = new HashMap<>();

    ParamReads(NetworkAdapter net) {
        this.net = net;
    }

    /**
     * A parameter's values, c-order flattened, read from the network on the first call and the same array on every
     * later one. Callers must not change it (only {@link #applyMasks} does).
     *
     * @throws IllegalArgumentException as {@link Weights#read}: if a value is NaN or infinite
     */
    double[] get(String key) {
        double[] v = values.get(key);
        if (v == null) {
            v = Weights.read(net, key);
            values.put(key, v);
        }
        return v;
    }

    /**
     * Sets every entry {@code masks} prunes to {@code +0.0} in the copies read so far, as {@code MaskWrite} does in the
     * network's buffers: afterwards each copy equals a fresh read of its parameter.
     */
    void applyMasks(PruneMasks masks) {
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            if (masks.has(e.getKey()) && masks.prunedCount(e.getKey()) > 0) {
                zero(e.getValue(), masks.pruned(e.getKey()));
            }
        }
    }

    /**
     * {@code +0.0} where {@code pruned} is set. Branch-free over the words (about half of the bits are set, in no
     * pattern): each value's bits are cleared by a mask that is all ones for a kept entry and zero for a pruned one.
     */
    static void zero(double[] v, BitSet pruned) {
        long[] words = pruned.toLongArray();
        int n = Math.min(v.length, words.length << 6);
        for (int i = 0; i < n; i++) {
            long keep = ((words[i >>> 6] >>> i) & 1L) - 1L;
            v[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(v[i]) & keep);
        }
    }
}
