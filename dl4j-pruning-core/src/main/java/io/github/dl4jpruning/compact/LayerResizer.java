package io.github.dl4jpruning.compact;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;

/**
 * Sets {@code nIn}/{@code nOut} of a layer configuration from the layouts ({@link io.github.dl4jpruning.graph.ParamLayout}) its parameters will have
 * after compaction.
 * The shapes are the single source of truth: slicing the parameters decides the sizes, and this class only knows, per
 * layer type, where DL4J keeps {@code nIn} and {@code nOut} in them (the parameter layouts of DL4J 1.0.0-M2.1):
 *
 * <ul>
 *   <li>Dense, Output, RnnOutput, Embedding, EmbeddingSequence and any other feed-forward layer with a rank-2
 *       {@code W}: {@code W = [nIn, nOut]};</li>
 *   <li>Convolution 2D: {@code W = [nOut, nIn, kH, kW]}; Deconvolution2D: {@code W = [nIn, nOut, kH, kW]};
 *       Convolution 1D: read as {@code [k, nIn, nOut, 1]} ({@link io.github.dl4jpruning.graph.ParamLayout});</li>
 *   <li>DepthwiseConvolution2D: {@code W = [kH, kW, nIn, depthMultiplier]}, {@code nOut = nIn * depthMultiplier};</li>
 *   <li>SeparableConvolution2D: depthwise {@code W = [depthMultiplier, nIn, kH, kW]}, pointwise
 *       {@code pW = [nOut, nIn * depthMultiplier, 1, 1]};</li>
 *   <li>LSTM, GravesLSTM: {@code W = [nIn, 4 nOut]}, {@code RW = [nOut, 4 nOut (+3)]}; SimpleRnn:
 *       {@code W = [nIn, nOut]};</li>
 *   <li>BatchNormalization: {@code nIn = nOut =} the length of its per-channel parameters.</li>
 * </ul>
 *
 * Layers without parameters ({@code Subsampling}, {@code Activation}, {@code LRN}...) have no size to set.
 */
final class LayerResizer {

    private LayerResizer() {
    }

    /**
     * Writes the sizes the new parameter shapes imply into {@code layer} (a clone the caller owns).
     *
     * @param name   the layer's name, for messages
     * @param layer  the configuration to change
     * @param shapes the parameter shapes after compaction, by parameter key ({@code "W"}, {@code "b"}...)
     * @throws IllegalArgumentException if the layer has parameters but its type has no known layout
     */
    static void resize(String name, Layer layer, Map<String, long[]> shapes) {
        if (shapes.isEmpty()) {
            return;
        }
        if (!(layer instanceof FeedForwardLayer ff)) {
            throw new IllegalArgumentException("cannot resize layer '" + name + "' (" + layer.getClass().getSimpleName()
                    + "): parameters " + shapes.keySet() + " but no nIn/nOut known to the compactor");
        }
        long[] w = shapes.get("W");
        if (layer instanceof BatchNormalization) {
            long channels = shapes.values().iterator().next()[shapes.values().iterator().next().length - 1];
            set(ff, channels, channels);
        } else if (layer instanceof SeparableConvolution2D) {
            set(ff, need(name, w, 4)[1], need(name, shapes.get("pW"), 4)[0]);
        } else if (layer instanceof DepthwiseConvolution2D d) {
            need(name, w, 4);
            set(ff, w[2], w[2] * w[3]);
            d.setDepthMultiplier(Math.toIntExact(w[3]));
        } else if (layer instanceof Deconvolution2D) {
            set(ff, need(name, w, 4)[0], w[1]);
        } else if (layer instanceof Convolution1DLayer) {
            set(ff, need(name, w, 4)[1], w[2]);
        } else if (layer instanceof ConvolutionLayer) {
            set(ff, need(name, w, 4)[1], w[0]);
        } else if (layer instanceof BaseRecurrentLayer) {
            long[] rw = need(name, shapes.get("RW"), 2);
            set(ff, need(name, w, 2)[0], rw[0]);
        } else if (w != null && w.length == 2) {
            set(ff, w[0], w[1]);
        } else {
            throw new IllegalArgumentException("cannot resize layer '" + name + "' (" + layer.getClass().getSimpleName()
                    + "): no known layout for parameters " + describe(shapes));
        }
    }

    private static void set(FeedForwardLayer ff, long nIn, long nOut) {
        ff.setNIn(nIn);
        ff.setNOut(nOut);
    }

    private static long[] need(String name, long[] shape, int rank) {
        if (shape == null || shape.length != rank) {
            throw new IllegalArgumentException("layer '" + name + "': expected a rank-" + rank + " parameter, got "
                    + (shape == null ? "none" : Arrays.toString(shape)));
        }
        return shape;
    }

    private static String describe(Map<String, long[]> shapes) {
        StringBuilder sb = new StringBuilder("{");
        shapes.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(Arrays.toString(v)));
        return sb.append('}').toString();
    }
}
