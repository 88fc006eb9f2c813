package io.github.dl4jpruning.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PoolHelperVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseUpsamplingLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CenterLossOutputLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPadding1DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping1D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;

/**
 * The one list of supported layers and vertices, and the parameter layout of each: every other class of the library
 * asks the graph, which asks this.
 */
final class LayerTypes {

    static final String SUPPORTED = "DenseLayer, OutputLayer, RnnOutputLayer, CenterLossOutputLayer, ConvolutionLayer, "
            + "Convolution1DLayer, Deconvolution2D, DepthwiseConvolution2D, SeparableConvolution2D, LSTM, GravesLSTM, "
            + "SimpleRnn, EmbeddingLayer, EmbeddingSequenceLayer, BatchNormalization";

    private LayerTypes() {
    }

    /** What the graph makes of a layer configuration. */
    static NodeKind kindOf(Layer l) {
        if (l instanceof RnnOutputLayer || l instanceof CenterLossOutputLayer || l instanceof OutputLayer) {
            return NodeKind.OUTPUT;
        }
        if (l instanceof DenseLayer) {
            return NodeKind.DENSE;
        }
        if (l instanceof DepthwiseConvolution2D) {
            return NodeKind.DEPTHWISE_CONV2D;
        }
        if (l instanceof SeparableConvolution2D) {
            return NodeKind.SEPARABLE_CONV2D;
        }
        if (l instanceof Deconvolution2D) {
            return NodeKind.DECONV2D;
        }
        if (l instanceof Convolution1DLayer) {
            return NodeKind.CONV1D;
        }
        if (l != null && (l.getClass() == ConvolutionLayer.class
                || l.getClass() == org.deeplearning4j.nn.conf.layers.Convolution2D.class)) {
            return NodeKind.CONV2D;
        }
        if (l instanceof LSTM) {
            return NodeKind.LSTM;
        }
        if (l instanceof GravesLSTM) {
            return NodeKind.GRAVES_LSTM;
        }
        if (l instanceof SimpleRnn s) {
            return s.hasLayerNorm() ? NodeKind.UNSUPPORTED : NodeKind.SIMPLE_RNN;
        }
        if (l instanceof EmbeddingSequenceLayer) {
            return NodeKind.EMBEDDING_SEQUENCE;
        }
        if (l instanceof EmbeddingLayer) {
            return NodeKind.EMBEDDING;
        }
        if (l instanceof BatchNormalization) {
            return NodeKind.BATCH_NORM;
        }
        if (l instanceof ActivationLayer || l instanceof DropoutLayer || l instanceof SubsamplingLayer
                || l instanceof BaseUpsamplingLayer && !(l instanceof org.deeplearning4j.nn.conf.layers.Upsampling3D)
                || l instanceof ZeroPaddingLayer || l instanceof ZeroPadding1DLayer || l instanceof Cropping2D
                || l instanceof Cropping1D || l instanceof LocalResponseNormalization || l instanceof GlobalPoolingLayer
                || l instanceof LossLayer || l instanceof CnnLossLayer || l instanceof RnnLossLayer) {
            return NodeKind.PASS_THROUGH;
        }
        return NodeKind.UNSUPPORTED;
    }

    /** What the graph makes of a vertex that is not a layer vertex. */
    static NodeKind kindOf(GraphVertex v) {
        if (v instanceof ElementWiseVertex) {
            return NodeKind.ELEMENT_WISE;
        }
        if (v instanceof MergeVertex) {
            return NodeKind.MERGE;
        }
        if (v instanceof SubsetVertex) {
            return NodeKind.SUBSET;
        }
        if (v instanceof ScaleVertex || v instanceof ShiftVertex || v instanceof PreprocessorVertex
                || v instanceof PoolHelperVertex || v instanceof LastTimeStepVertex
                || v instanceof DuplicateToTimeSeriesVertex) {
            return NodeKind.PASS_THROUGH;
        }
        return NodeKind.UNSUPPORTED;
    }

    /** Why a layer with parameters is left alone, for the log. */
    static String reasonUnsupported(Object conf) {
        String cls = conf.getClass().getSimpleName();
        if (conf instanceof SimpleRnn) {
            return "SimpleRnn with layer normalisation is not prunable; supported: " + SUPPORTED;
        }
        return cls + " is not prunable; supported: " + SUPPORTED;
    }

    /**
     * The parameter shapes of a supported layer, by DL4J parameter key, computed from the configuration (so a
     * network need not be initialised), or an empty map for a layer without parameters.
     */
    static Map<String, long[]> shapes(NodeKind kind, Layer l) {
        Map<String, long[]> p = new LinkedHashMap<>();
        if (!(l instanceof FeedForwardLayer) && kind != NodeKind.BATCH_NORM) {
            return p;
        }
        long nIn = l instanceof FeedForwardLayer f ? f.getNIn() : 0;
        long nOut = l instanceof FeedForwardLayer f ? f.getNOut() : 0;
        boolean bias = !(l instanceof org.deeplearning4j.nn.conf.layers.BaseLayer)
                || hasBias(l);
        switch (kind) {
            case DENSE, OUTPUT, EMBEDDING, EMBEDDING_SEQUENCE -> {
                p.put("W", new long[] {nIn, nOut});
                if (bias) {
                    p.put("b", new long[] {nOut});
                }
            }
            case CONV2D -> {
                int[] k = ((ConvolutionLayer) l).getKernelSize();
                p.put("W", new long[] {nOut, nIn, k[0], k[1]});
                putBias(p, bias, nOut);
            }
            case CONV1D -> {
                int[] k = ((ConvolutionLayer) l).getKernelSize();
                p.put("W", new long[] {nOut, nIn, k[0], 1});
                putBias(p, bias, nOut);
            }
            case DECONV2D -> {
                int[] k = ((ConvolutionLayer) l).getKernelSize();
                p.put("W", new long[] {nIn, nOut, k[0], k[1]});
                putBias(p, bias, nOut);
            }
            case DEPTHWISE_CONV2D -> {
                DepthwiseConvolution2D d = (DepthwiseConvolution2D) l;
                int[] k = d.getKernelSize();
                p.put("W", new long[] {k[0], k[1], nIn, d.getDepthMultiplier()});
                putBias(p, bias, nIn * d.getDepthMultiplier());
            }
            case SEPARABLE_CONV2D -> {
                SeparableConvolution2D s = (SeparableConvolution2D) l;
                int[] k = s.getKernelSize();
                p.put("W", new long[] {s.getDepthMultiplier(), nIn, k[0], k[1]});
                p.put("pW", new long[] {nOut, nIn * s.getDepthMultiplier(), 1, 1});
                putBias(p, bias, nOut);
            }
            case LSTM, GRAVES_LSTM -> {
                p.put("W", new long[] {nIn, 4 * nOut});
                p.put("RW", new long[] {nOut, 4 * nOut + (kind == NodeKind.GRAVES_LSTM ? 3 : 0)});
                p.put("b", new long[] {4 * nOut});
            }
            case SIMPLE_RNN -> {
                p.put("W", new long[] {nIn, nOut});
                p.put("RW", new long[] {nOut, nOut});
                p.put("b", new long[] {nOut});
            }
            case BATCH_NORM -> {
                BatchNormalization bn = (BatchNormalization) l;
                long n = bn.getNOut();
                if (!bn.isLockGammaBeta()) {
                    p.put("gamma", new long[] {n});
                    p.put("beta", new long[] {n});
                }
                p.put("mean", new long[] {n});
                p.put(bn.isUseLogStd() ? "log10stdev" : "var", new long[] {n});
            }
            default -> {
            }
        }
        return p;
    }

    private static boolean hasBias(Layer l) {
        if (l instanceof ConvolutionLayer c) {
            return c.hasBias();
        }
        if (l instanceof DenseLayer d) {
            return d.hasBias();
        }
        if (l instanceof EmbeddingSequenceLayer e) {
            return e.hasBias();
        }
        if (l instanceof EmbeddingLayer e) {
            return e.hasBias();
        }
        if (l instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer o) {
            return o.hasBias();
        }
        return true;
    }

    private static void putBias(Map<String, long[]> p, boolean bias, long n) {
        if (bias) {
            p.put("b", new long[] {n});
        }
    }

    /** The keys of the arrays unstructured pruning may prune. */
    static String[] weightKeys(NodeKind kind) {
        return switch (kind) {
            case SEPARABLE_CONV2D -> new String[] {"W", "pW"};
            case LSTM, SIMPLE_RNN -> new String[] {"W", "RW"};
            // RW's last 3 columns are the peepholes, whose layout differs from the gates': RW is left alone.
            case GRAVES_LSTM -> new String[] {"W"};
            default -> kind.hasPrunableWeights() ? new String[] {"W"} : new String[0];
        };
    }
}
