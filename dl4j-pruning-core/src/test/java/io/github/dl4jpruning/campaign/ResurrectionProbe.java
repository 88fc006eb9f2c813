package io.github.dl4jpruning.campaign;

import io.github.dl4jpruning.mask.PruneMasks;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Counts what should be zero in a pruned network and is not: pruned parameters (mask 0) with a non-zero value, and
 * optimizer state entries (Adam's M and V, momentum, RMSProp and AdaGrad caches...) of pruned parameters that are
 * non-zero. Reads DL4J's own structures (the parameter table, the updater blocks and each block's
 * {@code GradientUpdater.getState()}), not the plugin's {@code MaskEnforcer}, so the two cannot share a mistake.
 */
final class ResurrectionProbe {

    private ResurrectionProbe() {
    }

    /** Pruned parameters whose value is not exactly zero (read from the network's flat parameter vector). */
    static long resurrectedWeights(MultiLayerNetwork net, PruneMasks masks) {
        double[] flat = net.params().toDoubleVector();
        long count = 0;
        int offset = 0;
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            INDArray p = e.getValue();
            if (masks.has(e.getKey())) {
                double[] mask = flatMask(p, masks.values(e.getKey(), p.shape()));
                for (int i = 0; i < mask.length; i++) {
                    if (mask[i] == 0 && flat[offset + i] != 0) {
                        count++;
                    }
                }
            }
            offset += (int) p.length();
        }
        return count;
    }

    /**
     * Optimizer state entries of pruned parameters that are not zero (one parameter can have up to three: AMSGrad's
     * M, V and V-hat). A network whose updater has not been created yet has none. Adds each count to
     * {@code byState} under the state's DL4J name (M, V, U, GRAD...).
     */
    static long liveUpdaterState(MultiLayerNetwork net, PruneMasks masks, Map<String, Long> byState) {
        Updater updater = net.getUpdater(false);
        if (!(updater instanceof BaseMultiLayerUpdater<?> base)) {
            return 0;
        }
        long count = 0;
        for (UpdaterBlock block : base.getUpdaterBlocks()) {
            GradientUpdater<?> gu = block.getGradientUpdater();
            if (gu == null || gu.getState() == null) {
                continue;
            }
            for (Map.Entry<String, INDArray> state : gu.getState().entrySet()) {
                double[] s = Nd4j.toFlattened('c', state.getValue()).toDoubleVector();
                for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
                    String key = key(net, ps);
                    if (!masks.has(key)) {
                        continue;
                    }
                    INDArray p = net.getParam(key);
                    double[] flatMask = flatMask(p, masks.values(key, p.shape()));
                    int offset = ps.getParamOffsetStart() - block.getParamOffsetStart();
                    long live = 0;
                    for (int i = 0; i < flatMask.length; i++) {
                        if (flatMask[i] == 0 && s[offset + i] != 0) {
                            live++;
                        }
                    }
                    count += live;
                    if (live > 0) {
                        byState.merge(state.getKey(), live, Long::sum);
                    }
                }
            }
        }
        return count;
    }

    /**
     * Checks the oracle's own mapping: each updater block's parameter view must hold the network's parameter in the
     * order {@link #flatMask} assumes. Returns a description of the first mismatch, or {@code null}.
     */
    static String mappingMismatch(MultiLayerNetwork net) {
        Updater updater = net.getUpdater(false);
        if (!(updater instanceof BaseMultiLayerUpdater<?> base)) {
            return null;
        }
        for (UpdaterBlock block : base.getUpdaterBlocks()) {
            for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
                String key = key(net, ps);
                INDArray p = net.getParam(key);
                double[] expected = Nd4j.toFlattened(p.ordering(), p).toDoubleVector();
                double[] view = Nd4j.toFlattened('c', ps.getParamView()).toDoubleVector();
                if (!java.util.Arrays.equals(expected, view)) {
                    return key + ": updater parameter view is not the parameter flattened in '" + p.ordering()
                            + "' order";
                }
                double[] cOrder = Nd4j.toFlattened('c', p).toDoubleVector();
                if (!java.util.Arrays.equals(flatMask(p, cOrder), view)) {
                    return key + ": flatMask does not lay out a 'c'-order array as DL4J's flat vector";
                }
                double[] flat = net.params().toDoubleVector();
                double[] segment = java.util.Arrays.copyOfRange(flat, ps.getParamOffsetStart(), ps.getParamOffsetEnd());
                if (!java.util.Arrays.equals(segment, view) || ps.getParamOffsetStart() != offsetOf(net, key)) {
                    return key + ": not at offset " + offsetOf(net, key) + " of the flat parameter vector";
                }
            }
        }
        return null;
    }

    /**
     * The mask (given in 'c' order) in the order of the flat parameter and updater vectors, which is the parameter
     * view's own ordering ('f' for dense weights, 'c' for convolution weights). Plain Java: the probe runs after every
     * iteration, and {@link #mappingMismatch} checks this layout against DL4J's.
     */
    static double[] flatMask(INDArray p, double[] cOrder) {
        if (p.ordering() == 'c' || p.rank() < 2) {
            return cOrder;
        }
        long[] shape = p.shape();
        double[] out = new double[cOrder.length];
        int[] index = new int[shape.length];
        for (int i = 0; i < cOrder.length; i++) {
            int f = 0;
            int stride = 1;
            for (int k = 0; k < shape.length; k++) {
                f += index[k] * stride;
                stride *= (int) shape[k];
            }
            out[f] = cOrder[i];
            for (int k = shape.length - 1; k >= 0 && ++index[k] == shape[k]; k--) {
                index[k] = 0;
            }
        }
        return out;
    }

    private static int offsetOf(MultiLayerNetwork net, String key) {
        int offset = 0;
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            if (e.getKey().equals(key)) {
                return offset;
            }
            offset += (int) e.getValue().length();
        }
        throw new IllegalArgumentException(key);
    }

    private static String key(MultiLayerNetwork net, UpdaterBlock.ParamState ps) {
        Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == ps.getLayer()) {
                return i + "_" + ps.getParamName();
            }
        }
        throw new IllegalStateException("updater block refers to a layer the network does not have: " + ps);
    }
}
