package io.github.dl4jpruning.network;

import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.Convolution3D;

/** Which DL4J layer configurations are prunable, and which can be looked through when finding a successor. */
final class LayerSupport {

    static final String SUPPORTED = "DenseLayer, OutputLayer, ConvolutionLayer (2D)";

    private LayerSupport() {
    }

    /** The kind of a supported layer, or {@code null}. */
    static LayerKind kindOf(Layer conf) {
        if (conf instanceof OutputLayer) {
            return LayerKind.OUTPUT;
        }
        if (conf instanceof DenseLayer) {
            return LayerKind.DENSE;
        }
        if (conf instanceof ConvolutionLayer && conf.getClass() == ConvolutionLayer.class) {
            return LayerKind.CONV2D;
        }
        return null;
    }

    /** Why a layer is not pruned, for the log. */
    static String reasonUnsupported(Layer conf) {
        if (conf instanceof Convolution1DLayer || conf instanceof Convolution3D || conf instanceof Deconvolution2D
                || conf instanceof DepthwiseConvolution2D || conf instanceof SeparableConvolution2D) {
            return conf.getClass().getSimpleName() + " is a convolution variant this version does not prune; supported: "
                    + SUPPORTED;
        }
        return conf.getClass().getSimpleName() + " is not prunable; supported: " + SUPPORTED;
    }

    /** Whether a layer passes channels/neurons through one-to-one, without parameters. */
    static boolean isTransparent(Layer conf) {
        return conf instanceof SubsamplingLayer || conf instanceof ActivationLayer || conf instanceof DropoutLayer;
    }
}
