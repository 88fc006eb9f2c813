package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.mask.MaskEnforcer;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * What {@link MaskEnforcer#applyToParams} and {@link MaskEnforcer#zeroUpdaterState} do after a pruning step (every
 * pruned entry set to {@code +0.0}, as {@link MaskEnforcer} does where it writes zeros at cached offsets; where it
 * multiplies by the mask instead, a negative weight becomes {@code -0.0} there, equal in value), by writing
 * only the pruned entries of the parameters' and the updater state's own buffers: no mask array per parameter, no
 * reordered copy of it for an 'f'-order weight matrix, no flattened copy per updater block. At ten million weights
 * those copies were more than half of a pruning step.
 *
 * <p>A parameter or updater state laid out otherwise than densely (c order, or f order with two dimensions), or of a
 * type other than float and double, goes through {@link MaskEnforcer} instead.
 */
final class MaskWrite {

    private MaskWrite() {
    }

    /**
     * Applies {@code masks} to the network's parameters and zeroes the updater state of every pruned entry.
     *
     * @throws IllegalStateException if a mask's shape is not its parameter's (before anything is written)
     */
    static void apply(NetworkAdapter net, PruneMasks masks) {
        if (masks.isEmpty()) {
            return;
        }
        Map<String, int[]> offsets = new HashMap<>();
        boolean direct = true;
        for (String key : masks.keys()) {
            INDArray p = net.param(key);
            if (!Arrays.equals(p.shape(), masks.shape(key))) {
                throw new IllegalStateException("prune mask for '" + key + "' has shape "
                        + Arrays.toString(masks.shape(key)) + " but the parameter has shape " + Arrays.toString(p.shape()));
            }
            if (masks.prunedCount(key) > 0) {
                int[] off = bufferOffsets(p, masks.pruned(key));
                direct &= off != null;
                offsets.put(key, off);
            }
        }
        if (!direct) {
            MaskEnforcer.applyToParams(net, masks);
            MaskEnforcer.zeroUpdaterState(net, masks);
            return;
        }
        for (Map.Entry<String, int[]> e : offsets.entrySet()) {
            zero(net.param(e.getKey()), 0, e.getValue());
        }
        zeroUpdaterState(net, masks, offsets);
    }

    /** The updater state: per block, each copy of each masked parameter's entries, in the parameter's own order. */
    private static void zeroUpdaterState(NetworkAdapter net, PruneMasks masks, Map<String, int[]> offsets) {
        for (UpdaterBlock block : net.updaterBlocks()) {
            INDArray state = block.getUpdaterView();
            if (state == null || state.length() == 0) {
                continue;
            }
            if (!dense(state) || !state.isVector()) {
                MaskEnforcer.zeroUpdaterState(net, masks);
                return;
            }
        }
        for (UpdaterBlock block : net.updaterBlocks()) {
            INDArray state = block.getUpdaterView();
            if (state == null || state.length() == 0) {
                continue;
            }
            long blockLength = block.getParamOffsetEnd() - block.getParamOffsetStart();
            long copies = state.length() / blockLength;
            for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
                int[] off = offsets.get(MaskEnforcer.keyOf(net, ps));
                if (off == null) {
                    continue;
                }
                long start = ps.getParamOffsetStart() - block.getParamOffsetStart();
                for (long c = 0; c < copies; c++) {
                    zero(state, c * blockLength + start, off);
                }
            }
        }
    }

    private static boolean dense(INDArray a) {
        DataType t = a.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && a.length() <= Integer.MAX_VALUE
                && a.data().length() >= a.length() && Shape.hasDefaultStridesForShape(a);
    }

    /**
     * The pruned entries' positions in the parameter's buffer, ascending; {@code null} for a layout this class does
     * not write directly.
     */
    static int[] bufferOffsets(INDArray p, BitSet pruned) {
        if (!dense(p)) {
            return null;
        }
        boolean cOrder = p.ordering() == 'c' || p.rank() < 2 || p.isVector();
        if (!cOrder && p.rank() != 2) {
            return null;
        }
        // One spare slot: the f-order walk below writes each position before it knows whether to keep it.
        int[] off = new int[pruned.cardinality() + 1];
        int n = 0;
        if (cOrder) {
            for (int i = pruned.nextSetBit(0); i >= 0; i = pruned.nextSetBit(i + 1)) {
                off[n++] = i;
            }
            return Arrays.copyOf(off, n);
        }
        // f order: the buffer runs down the columns; c index row * cols + col sits at col * rows + row.
        // Branch-free: about half of the entries are pruned, in no predictable pattern.
        int rows = (int) p.size(0);
        int cols = (int) p.size(1);
        long[] words = pruned.toLongArray();
        words = Arrays.copyOf(words, (int) (((long) rows * cols + 63) >>> 6));
        for (int col = 0, o = 0; col < cols; col++) {
            for (int row = 0, i = col; row < rows; row++, o++, i += cols) {
                off[n] = o;
                n += (int) (words[i >>> 6] >>> i) & 1;
            }
        }
        return Arrays.copyOf(off, n);
    }

    /** Writes {@code +0.0} at the entries {@code base + offsets} of a dense array (a NaN or infinity there too). */
    private static void zero(INDArray a, long base, int[] offsets) {
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            int from = b.position() + (int) base;
            for (int o : offsets) {
                b.put(from + o, 0f);
            }
        } else {
            DoubleBuffer b = a.data().asNioDouble();
            int from = b.position() + (int) base;
            for (int o : offsets) {
                b.put(from + o, 0.0);
            }
        }
    }
}
