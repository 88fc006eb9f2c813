package io.github.dl4jpruning.graph;

import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * The layout of a parameter's values: the shape whose c-order indexing is how the layer reads them. It is the shape
 * of the parameter's view for every layer type but one in DL4J 1.0.0-M2.1: a {@code Convolution1DLayer}'s W is viewed
 * as {@code [nOut, nIn, k, 1]}, but the layer reads the same values as a c-order {@code [k, nIn, nOut]} array (checked
 * by setting one weight at a time and watching which output channel moves; {@code SliceLayoutTest} keeps checking
 * it), so its layout is {@code [k, nIn, nOut, 1]}. This is the one place for that fact: every {@link ParamSlice}
 * carries its parameter's layout and runs along it, and compaction slices along it too.
 *
 * <pre>{@code
 * long[] layout = ParamLayout.of(conv1dConf, "W", new long[] {8, 3, 5, 1});   // [5, 3, 8, 1]
 * // c-order element (t, i, o, 0) of the layout is the weight from input channel i to output channel o at tap t
 * }</pre>
 */
public final class ParamLayout {

    private ParamLayout() {
    }

    /**
     * The layout of parameter {@code key} of a layer.
     *
     * @param conf      the layer's configuration (null for a vertex: no parameters, the view is returned)
     * @param key       the layer's parameter key ({@code "W"}, {@code "b"}...)
     * @param viewShape the shape of the parameter's view ({@code INDArray.shape()})
     * @return a shape with the same number of elements; {@code viewShape} itself where the layout is the view's
     *         (also for a Conv1D W whose view is not the rank-4 {@code [nOut, nIn, k, 1]} this fact is about)
     */
    public static long[] of(Layer conf, String key, long[] viewShape) {
        if (conf instanceof Convolution1DLayer && key.equals("W") && viewShape.length == 4) {
            return new long[] {viewShape[2], viewShape[1], viewShape[0], viewShape[3]};
        }
        return viewShape;
    }
}
