package io.github.dl4jpruning.compact;

import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/** What the compactor does with a layer type; anything not listed here is rejected before anything is built. */
enum NodeRole {
    /** DenseLayer: hidden neurons can be removed. */
    DENSE,
    /** OutputLayer: keeps all outputs, only its inputs shrink. */
    OUTPUT,
    /** ConvolutionLayer (2D, exactly that class): filters can be removed. */
    CONV,
    /** Subsampling, activation, dropout: no parameters, channels pass through one to one. */
    PASS_THROUGH,
    /** BatchNormalization: per-channel parameters; allowed only where the channel count does not change. */
    BATCH_NORM;

    static final String SUPPORTED = "DenseLayer, OutputLayer, ConvolutionLayer (2D), SubsamplingLayer, ActivationLayer, "
            + "DropoutLayer, and BatchNormalization where the channel count does not change";

    static NodeRole of(String name, Layer conf) {
        if (conf instanceof OutputLayer && conf.getClass() == OutputLayer.class) {
            return OUTPUT;
        }
        if (conf instanceof DenseLayer && conf.getClass() == DenseLayer.class) {
            return DENSE;
        }
        if (conf.getClass() == ConvolutionLayer.class) {
            return CONV;
        }
        if (conf.getClass() == SubsamplingLayer.class || conf instanceof ActivationLayer || conf instanceof DropoutLayer) {
            return PASS_THROUGH;
        }
        if (conf instanceof BatchNormalization) {
            return BATCH_NORM;
        }
        throw new IllegalArgumentException("cannot compact layer '" + name + "': found " + conf.getClass().getSimpleName()
                + "; the Compactor supports " + SUPPORTED);
    }

    boolean prunable() {
        return this == DENSE || this == OUTPUT || this == CONV;
    }
}
