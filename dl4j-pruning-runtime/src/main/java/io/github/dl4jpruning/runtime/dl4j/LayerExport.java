package io.github.dl4jpruning.runtime.dl4j;

import io.github.dl4jpruning.runtime.Activation;
import io.github.dl4jpruning.runtime.ActivationLayer;
import io.github.dl4jpruning.runtime.ChannelAffine;
import io.github.dl4jpruning.runtime.Convolution;
import io.github.dl4jpruning.runtime.FullyConnected;
import io.github.dl4jpruning.runtime.KernelPolicy;
import io.github.dl4jpruning.runtime.Layer;
import io.github.dl4jpruning.runtime.Pooling;
import io.github.dl4jpruning.runtime.Shape;
import io.github.dl4jpruning.runtime.Window;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One DL4J layer configuration and its parameters as a runtime {@link Layer}. */
final class LayerExport {

    private LayerExport() {
    }

    /**
     * @return the runtime layer, or null for a layer that is the identity at inference (dropout)
     * @throws IllegalArgumentException for an unsupported layer or setting, naming the layer and what is supported
     */
    static Layer layer(String name, org.deeplearning4j.nn.conf.layers.Layer conf, Map<String, INDArray> params,
                       Shape in, KernelPolicy policy) {
        if (conf instanceof DropoutLayer) {
            return null;
        }
        if (conf instanceof DenseLayer || conf instanceof OutputLayer) {
            BaseLayer b = (BaseLayer) conf;
            int nOut = (int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) conf).getNOut();
            float[] bias = params.containsKey("b") ? floats(params.get("b")) : new float[nOut];
            return new FullyConnected(in, nOut, floats(params.get("W")), bias, activation(name, b.getActivationFn()),
                    policy);
        }
        if (conf.getClass() == ConvolutionLayer.class) {
            ConvolutionLayer c = (ConvolutionLayer) conf;
            requireNchw(name, c.getCnn2dDataFormat());
            int nOut = (int) c.getNOut();
            float[] bias = c.hasBias() && params.containsKey("b") ? floats(params.get("b")) : new float[nOut];
            return new Convolution(in, nOut, window(name, c.getKernelSize(), c.getStride(), c.getPadding(),
                    c.getDilation(), c.getConvolutionMode()), floats(params.get("W")), bias,
                    activation(name, c.getActivationFn()));
        }
        if (conf.getClass() == SubsamplingLayer.class) {
            SubsamplingLayer s = (SubsamplingLayer) conf;
            requireNchw(name, s.getCnn2dDataFormat());
            Pooling.Type type = switch (s.getPoolingType()) {
                case MAX -> Pooling.Type.MAX;
                case AVG -> Pooling.Type.AVG;
                default -> throw new IllegalArgumentException("layer '" + name + "': pooling " + s.getPoolingType()
                        + "; expected MAX or AVG");
            };
            return new Pooling(in, type, window(name, s.getKernelSize(), s.getStride(), s.getPadding(),
                    s.getDilation(), s.getConvolutionMode()), s.isAvgPoolIncludePadInDivisor());
        }
        if (conf instanceof BatchNormalization bn) {
            return batchNorm(name, bn, params, in);
        }
        if (conf instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer a) {
            return new ActivationLayer(in, activation(name, a.getActivationFn()));
        }
        throw new IllegalArgumentException("layer '" + name + "' is a " + conf.getClass().getSimpleName()
                + "; expected DenseLayer, OutputLayer, ConvolutionLayer, SubsamplingLayer, BatchNormalization, "
                + "ActivationLayer or DropoutLayer");
    }

    /**
     * Inference-mode batch normalisation: {@code gamma (x - mean) / sqrt(var + eps) + beta} with DL4J's running
     * mean and variance (stored as {@code log10(std)} when {@code useLogStd}; then {@code var = (10^log10std)^2}).
     * No activation, as in DL4J 1.0.0-M2.1, whose layer ignores the one configured.
     */
    private static Layer batchNorm(String name, BatchNormalization bn, Map<String, INDArray> params, Shape in) {
        if (in.area() != 1) {
            requireNchw(name, bn.getCnn2DFormat());
        }
        int c = in.channels();
        float[] mean = floats(params.get("mean"));
        float[] var;
        if (params.containsKey("log10stdev")) {
            float[] log10 = floats(params.get("log10stdev"));
            var = new float[log10.length];
            for (int i = 0; i < var.length; i++) {
                double std = Math.pow(10, log10[i]);
                var[i] = (float) (std * std);
            }
        } else {
            var = floats(params.get("var"));
        }
        float[] scale = new float[c];
        float[] shift = new float[c];
        float[] gamma = bn.isLockGammaBeta() ? null : floats(params.get("gamma"));
        float[] beta = bn.isLockGammaBeta() ? null : floats(params.get("beta"));
        if (mean.length != c || var.length != c) {
            throw new IllegalArgumentException("layer '" + name + "': batch normalisation over " + mean.length
                    + " channels; expected " + c + " for input " + in);
        }
        for (int i = 0; i < c; i++) {
            double g = gamma == null ? bn.getGamma() : gamma[i];
            double b = beta == null ? bn.getBeta() : beta[i];
            double s = g / Math.sqrt(var[i] + bn.getEps());
            scale[i] = (float) s;
            shift[i] = (float) (b - mean[i] * s);
        }
        // DL4J's BatchNormalization layer returns its normalised output without applying the configured activation
        // (which is the network's default, often sigmoid): neither does the runtime.
        return new ChannelAffine(in, scale, shift, Activation.IDENTITY);
    }

    private static void requireNchw(String name, CNN2DFormat format) {
        if (format != null && format != CNN2DFormat.NCHW) {
            throw new IllegalArgumentException("layer '" + name + "': data format " + format + "; expected NCHW");
        }
    }

    static Activation activation(String name, IActivation a) {
        if (a == null || a instanceof ActivationIdentity) {
            return Activation.IDENTITY;
        }
        if (a instanceof ActivationReLU r) {
            boolean plain = (r.getMax() == null || r.getMax() == 0 || Double.isInfinite(r.getMax()))
                    && (r.getThreshold() == null || r.getThreshold() == 0)
                    && (r.getNegativeSlope() == null || r.getNegativeSlope() == 0);
            if (!plain) {
                throw new IllegalArgumentException("layer '" + name + "': " + r + " with max/threshold/negative "
                        + "slope; expected the plain ReLU");
            }
            return Activation.RELU;
        }
        if (a instanceof ActivationLReLU l) {
            if (l.getAlpha() != 0.01) {
                throw new IllegalArgumentException("layer '" + name + "': leaky ReLU alpha " + l.getAlpha()
                        + "; expected 0.01");
            }
            return Activation.LEAKYRELU;
        }
        if (a instanceof ActivationSigmoid) {
            return Activation.SIGMOID;
        }
        if (a instanceof ActivationTanH) {
            return Activation.TANH;
        }
        if (a instanceof ActivationSoftmax) {
            return Activation.SOFTMAX;
        }
        throw new IllegalArgumentException("layer '" + name + "': activation " + a + "; expected identity, ReLU, "
                + "leaky ReLU, sigmoid, tanh or softmax");
    }

    static Window window(String name, int[] k, int[] s, int[] p, int[] d, ConvolutionMode mode) {
        boolean same = switch (mode) {
            case Same -> true;
            case Truncate, Strict -> false;
            default -> throw new IllegalArgumentException("layer '" + name + "': convolution mode " + mode
                    + "; expected Truncate, Strict or Same");
        };
        return new Window(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], same);
    }

    /** A parameter as floats in C (row-major) order. */
    static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
