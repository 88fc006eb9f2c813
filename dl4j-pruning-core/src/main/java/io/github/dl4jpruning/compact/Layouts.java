package io.github.dl4jpruning.compact;

import io.github.dl4jpruning.graph.ParamSlice;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * The layout of a parameter's c-order values, where it differs from the shape of the parameter's view. One case in
 * DL4J 1.0.0-M2.1: a {@code Convolution1DLayer}'s W is viewed as {@code [nOut, nIn, k, 1]}, but the layer reads its
 * values as a c-order {@code [k, nIn, nOut]} array (checked by setting one weight at a time and watching which output
 * channel moves). Compaction slices along the layout, and copies the result into the new view in c order.
 */
final class Layouts {

    private Layouts() {
    }

    /** The shape whose c-order indexing matches how the layer reads the values of parameter {@code key}. */
    static long[] layout(Layer conf, String key, long[] viewShape) {
        if (conf instanceof Convolution1DLayer && key.equals("W") && viewShape.length == 4) {
            return new long[] {viewShape[2], viewShape[1], viewShape[0], viewShape[3]};
        }
        return viewShape;
    }

    /**
     * The dimension of the layout a slice runs along: the slice's own if it already describes the layout, else
     * translated from the view's shape.
     */
    static int dim(Layer conf, ParamSlice s, long[] viewShape) {
        long[] layout = layout(conf, s.paramKey(), viewShape);
        if (layout == viewShape || Arrays.equals(s.shape(), layout) && !Arrays.equals(s.shape(), viewShape)) {
            return s.dim();
        }
        return s.dim() == 0 ? 2 : s.dim() == 2 ? 0 : s.dim();
    }
}
