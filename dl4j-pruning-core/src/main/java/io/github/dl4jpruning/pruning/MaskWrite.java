package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.mask.MaskEnforcer;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.mask.PrunedPositions;
import io.github.dl4jpruning.network.NetworkAdapter;
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
 * <p>The offsets are {@link PrunedPositions}, the same the callback writes into gradients and parameters during
 * training (one walk of the mask, branch-free for f-order matrices); the updater state holds each parameter's copy in
 * the parameter's own order, so the same offsets serve it from each copy's start. A parameter or updater state not
 * stored densely, or of a type other than float and double, goes through {@link MaskEnforcer} instead.
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
        Map<String, PrunedPositions> offsets = new HashMap<>();
        boolean direct = true;
        for (String key : masks.keys()) {
            INDArray p = net.param(key);
            if (!Arrays.equals(p.shape(), masks.shape(key))) {
                throw new IllegalStateException("prune mask for '" + key + "' has shape "
                        + Arrays.toString(masks.shape(key)) + " but the parameter has shape " + Arrays.toString(p.shape()));
            }
            if (masks.prunedCount(key) > 0) {
                PrunedPositions off = positions(p, masks.pruned(key));
                direct &= off != null;
                offsets.put(key, off);
            }
        }
        if (!direct) {
            MaskEnforcer.applyToParams(net, masks);
            MaskEnforcer.zeroUpdaterState(net, masks);
            return;
        }
        for (Map.Entry<String, PrunedPositions> e : offsets.entrySet()) {
            e.getValue().zero(net.param(e.getKey()));
        }
        zeroUpdaterState(net, masks, offsets);
    }

    /** The updater state: per block, each copy of each masked parameter's entries, in the parameter's own order. */
    private static void zeroUpdaterState(NetworkAdapter net, PruneMasks masks, Map<String, PrunedPositions> offsets) {
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
                PrunedPositions off = offsets.get(MaskEnforcer.keyOf(net, ps));
                if (off == null) {
                    continue;
                }
                long start = ps.getParamOffsetStart() - block.getParamOffsetStart();
                for (long c = 0; c < copies; c++) {
                    off.zero(state, c * blockLength + start);
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
     * The pruned entries' positions in the parameter's buffer, or {@code null} for a layout {@link PrunedPositions}
     * does not write. A vector's offsets are its c-order indices whatever its order flag says.
     */
    static PrunedPositions positions(INDArray p, BitSet pruned) {
        if (!dense(p)) {
            return null;
        }
        char order = p.rank() < 2 || p.isVector() ? 'c' : p.ordering();
        PrunedPositions pos = PrunedPositions.of(pruned, p.shape(), order);
        return pos.canWrite(p) ? pos : null;
    }
}
