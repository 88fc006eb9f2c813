package io.github.dl4jpruning.graph;

/** What the dependency graph makes of one layer or vertex. */
public enum NodeKind {
    /** A network input. */
    INPUT,
    /** {@code DenseLayer}. */
    DENSE,
    /** {@code OutputLayer}, {@code RnnOutputLayer}, {@code CenterLossOutputLayer}: its units are never a group. */
    OUTPUT,
    /** {@code ConvolutionLayer} / {@code Convolution2D}. */
    CONV2D,
    /**
     * {@code Convolution1DLayer} / {@code Convolution1D}: W is viewed as {@code [nOut, nIn, k, 1]} but read as
     * {@code [k, nIn, nOut, 1]} ({@link ParamLayout}).
     */
    CONV1D,
    /** {@code Deconvolution2D}: W is {@code [nIn, nOut, kH, kW]}. */
    DECONV2D,
    /** {@code DepthwiseConvolution2D}: W is {@code [kH, kW, nIn, mult]}, output channel {@code c * mult + m}. */
    DEPTHWISE_CONV2D,
    /** {@code SeparableConvolution2D}: W {@code [mult, nIn, kH, kW]} (depthwise), pW {@code [nOut, nIn*mult, 1, 1]}. */
    SEPARABLE_CONV2D,
    /** {@code LSTM}: W {@code [nIn, 4n]}, RW {@code [n, 4n]}, b {@code [4n]}; unit u owns columns u, u+n, u+2n, u+3n. */
    LSTM,
    /** {@code GravesLSTM}: as LSTM, RW {@code [n, 4n+3]} whose last 3 columns are the peepholes. */
    GRAVES_LSTM,
    /** {@code SimpleRnn}: W {@code [nIn, n]}, RW {@code [n, n]}, b {@code [n]}. */
    SIMPLE_RNN,
    /** {@code EmbeddingLayer}: W {@code [nIn, nOut]} looked up by index. */
    EMBEDDING,
    /** {@code EmbeddingSequenceLayer}: as embedding, per time step. */
    EMBEDDING_SEQUENCE,
    /** {@code BatchNormalization}: per-channel gamma, beta, mean, var (or log10stdev). */
    BATCH_NORM,
    /**
     * A layer or vertex without parameters that passes channels through one to one (activation, dropout, pooling,
     * upsampling, padding, cropping, LRN, global pooling, loss layers, scale/shift, preprocessors). LRN passes the
     * channels on but makes the groups that reach it unprunable: it normalises each channel by its neighbours.
     */
    PASS_THROUGH,
    /** {@code ElementWiseVertex}: its inputs' channels are one group. */
    ELEMENT_WISE,
    /** {@code MergeVertex} (concatenation) or a layer vertex with several inputs: channels at offsets. */
    MERGE,
    /** {@code SubsetVertex}: a range of channels. */
    SUBSET,
    /** Anything else: left alone, groups through it are not prunable. */
    UNSUPPORTED;

    /** Whether the node computes units that can form a group (its output channels/neurons/hidden units). */
    public boolean producesUnits() {
        return switch (this) {
            case DENSE, CONV2D, CONV1D, DECONV2D, SEPARABLE_CONV2D, LSTM, GRAVES_LSTM, SIMPLE_RNN, EMBEDDING,
                    EMBEDDING_SEQUENCE -> true;
            default -> false;
        };
    }

    /** Whether the node has weights that unstructured (WEIGHTS granularity) pruning can prune. */
    public boolean hasPrunableWeights() {
        return producesUnits() || this == OUTPUT || this == DEPTHWISE_CONV2D;
    }

    /** Whether the node is recurrent (uses per inference are time steps). */
    public boolean isRecurrent() {
        return this == LSTM || this == GRAVES_LSTM || this == SIMPLE_RNN;
    }
}
