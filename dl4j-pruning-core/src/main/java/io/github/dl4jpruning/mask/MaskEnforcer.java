package io.github.dl4jpruning.mask;

import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Applies prune masks to a network's parameters, gradients and optimizer state, so that pruned weights stay exactly
 * zero whatever the updater does: gradients are masked before the update, parameters are masked after it, and the
 * updater's per-parameter state (Adam's M and V, momentum, RMSProp caches) is zeroed when entries are pruned, so no
 * momentum leaks into pruned positions. A mask that prunes nothing (a bias mask of a layer whose neurons all live, a
 * layer not pruned yet) costs nothing: its parameter is skipped. A mask that prunes few entries is applied by writing
 * zeros at their offsets, which avoids ND4J's fixed cost per op ({@link PrunedPositions}); others by one in-place
 * multiply with a cached mask array of the parameter's order. Where the update itself holds pruned weights at zero,
 * {@link #repairParams} only spot-checks them.
 */
public final class MaskEnforcer {

    private MaskEnforcer() {
    }

    /** Multiplies each masked parameter by its mask (live views: the network changes). */
    public static void applyToParams(NetworkAdapter net, PruneMasks masks) {
        applyToParams(new ParamViews(net), masks);
    }

    /**
     * Multiplies each masked parameter by its mask, reading the parameters through {@code views} (kept from one
     * iteration to the next, so no parameter is looked up again). Parameters whose mask prunes nothing are not read.
     *
     * @throws IllegalStateException if a mask's shape differs from its parameter's
     * @throws IllegalArgumentException if a masked parameter does not exist in the network
     */
    public static void applyToParams(ParamViews views, PruneMasks masks) {
        if (masks.isEmpty()) {
            return;
        }
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (String key : masks.keys()) {
                if (masks.prunedCount(key) == 0) {
                    continue;
                }
                INDArray p = views.get(key);
                checkShape(key, p, masks);
                mask(key, p, masks);
            }
        }
    }

    /**
     * Puts back {@code +0.0} in the parameters whose pruned entries something other than the update changed (a
     * {@code setParams}, another listener), reading only {@code sample} of each parameter's pruned entries, a
     * different stretch each {@code round}: a parameter found with any other value there (a {@code -0.0} or a NaN
     * too) is written whole. Every pruned entry is read at least once every {@code pruned / sample} rounds; a whole
     * parameter overwritten with dense values is found at once. A parameter whose mask prunes more than
     * {@link PrunedPositions#MAX_ENTRIES} entries, or that is not stored densely, is masked whole every call, as
     * {@link #applyToParams(ParamViews, PruneMasks)} does.
     *
     * @return how many parameters were written
     * @throws IllegalStateException if a mask's shape differs from its parameter's
     * @throws IllegalArgumentException if a masked parameter does not exist in the network
     */
    public static int repairParams(ParamViews views, PruneMasks masks, long round, int sample) {
        if (masks.isEmpty()) {
            return 0;
        }
        int written = 0;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (String key : masks.keys()) {
                long pruned = masks.prunedCount(key);
                if (pruned == 0) {
                    continue;
                }
                INDArray p = views.get(key);
                checkShape(key, p, masks);
                if (pruned <= PrunedPositions.MAX_ENTRIES) {
                    PrunedPositions positions = masks.positions(key, p.ordering());
                    if (positions.canWrite(p)) {
                        if (!positions.holdsPlusZero(p, round * sample, sample)) {
                            positions.zero(p);
                            written++;
                        }
                        continue;
                    }
                }
                mask(key, p, masks);
                written++;
            }
        }
        return written;
    }

    /** Multiplies each masked parameter's gradient by its mask. */
    public static void applyToGradients(Gradient gradient, PruneMasks masks) {
        if (gradient == null || masks.isEmpty()) {
            return;
        }
        java.util.Map<String, INDArray> gradients = gradient.gradientForVariable();
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (String key : masks.keys()) {
                INDArray g = gradients.get(key);
                if (g != null) {
                    mask(key, g, masks);
                }
            }
        }
    }

    /**
     * Sets the pruned entries of {@code a} (a parameter or its gradient) to zero: by writing {@code +0.0} at their
     * offsets when the mask prunes few entries and {@code a} is a dense float or double array ({@link PrunedPositions}),
     * else by one in-place multiply with the cached mask array, which leaves {@code NaN * 0 = NaN}.
     */
    private static void mask(String key, INDArray a, PruneMasks masks) {
        long pruned = masks.prunedCount(key);
        if (pruned == 0) {
            return;
        }
        if (PrunedPositions.cheaperThanMultiply(pruned, masks.size(key))) {
            PrunedPositions positions = masks.positions(key, a.ordering());
            if (positions.canWrite(a)) {
                positions.zero(a);
                return;
            }
        }
        INDArray m = masks.array(key, a.dataType(), a.ordering());
        if (!Arrays.equals(m.shape(), a.shape()) && m.length() == a.length()) {
            // A Conv1D's W gradient is a rank-3 [nOut, nIn, k] view of the same memory as the rank-4
            // [nOut, nIn, k, 1] parameter: same values in the same order, another shape.
            m = m.reshape(a.ordering(), a.shape());
        }
        a.muli(m);
    }

    /**
     * Zeroes the updater state of every pruned entry. Works for any updater whose state is a whole number of
     * parameter-sized vectors per block (SGD: none; Nesterov, RMSProp, AdaGrad: one; Adam, AdaMax, Nadam: two;
     * AMSGrad: three).
     */
    public static void zeroUpdaterState(NetworkAdapter net, PruneMasks masks) {
        if (masks.isEmpty()) {
            return;
        }
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (UpdaterBlock block : net.updaterBlocks()) {
                INDArray state = block.getUpdaterView();
                if (state == null || state.length() == 0) {
                    continue;
                }
                long blockLength = block.getParamOffsetEnd() - block.getParamOffsetStart();
                long copies = state.length() / blockLength;
                for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
                    String key = keyOf(net, ps);
                    if (key == null || masks.prunedCount(key) == 0) {
                        continue;
                    }
                    // The flat layout of a parameter follows its own ordering ('f' for dense W, 'c' for conv W).
                    INDArray flatMask = Nd4j.toFlattened(net.param(key).ordering(), masks.array(key, state.dataType()));
                    long start = ps.getParamOffsetStart() - block.getParamOffsetStart();
                    long len = ps.getParamOffsetEnd() - ps.getParamOffsetStart();
                    for (long c = 0; c < copies; c++) {
                        long from = c * blockLength + start;
                        INDArray slice = state.rank() == 1
                                ? state.get(NDArrayIndex.interval(from, from + len))
                                : state.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, from + len));
                        slice.muli(flatMask.reshape(slice.shape()));
                    }
                }
            }
        }
    }

    /**
     * The parameter key of an updater entry, found through the layer that owns it. (The updater's parameter views are
     * rank-1 views of the flattened parameters, so they share neither shape nor buffer object with the
     * {@code paramTable()} views and cannot be matched that way.)
     *
     * @return the key ({@code "0_W"}, {@code "dense_b"}), or {@code null} if no layer of {@code net} owns the entry
     */
    public static String keyOf(NetworkAdapter net, UpdaterBlock.ParamState ps) {
        Trainable owner = ps.getLayer();
        if (net.model() instanceof MultiLayerNetwork mln) {
            Layer[] layers = mln.getLayers();
            for (int i = 0; i < layers.length; i++) {
                if (layers[i] == owner) {
                    return i + "_" + ps.getParamName();
                }
            }
        } else if (net.model() instanceof ComputationGraph graph) {
            for (GraphVertex v : graph.getVertices()) {
                if (v == owner || (v.hasLayer() && v.getLayer() == owner)) {
                    return v.getVertexName() + "_" + ps.getParamName();
                }
            }
        }
        return null;
    }

    private static void checkShape(String key, INDArray p, PruneMasks masks) {
        if (!Arrays.equals(p.shape(), masks.shape(key))) {
            throw new IllegalStateException("prune mask for '" + key + "' has shape " + Arrays.toString(masks.shape(key))
                    + " but the parameter has shape " + Arrays.toString(p.shape()));
        }
    }
}
