package io.github.dl4jpruning.network;

/**
 * The layouts of prunable weight arrays: how a c-order flat index maps to the input neuron/channel it reads and the
 * output it feeds. Which DL4J layers are supported is decided once, by the dependency graph
 * ({@code io.github.dl4jpruning.graph.NodeKind}); this only says how to read each array.
 */
public enum LayerKind {
    /** {@code DenseLayer}, {@code SimpleRnn} W and RW: {@code [nIn, nOut]}, each weight used once per inference (or per time step). */
    DENSE,
    /** {@code OutputLayer}, {@code RnnOutputLayer}: like dense; never pruned as whole neurons (its outputs are the classes). */
    OUTPUT,
    /** {@code ConvolutionLayer} (2D): W is {@code [nOut, nIn, kH, kW]}, each weight used {@code H_out * W_out} times. */
    CONV2D,
    /** {@code Convolution1DLayer}: W is {@code [nOut, nIn, k, 1]}, used {@code T_out} times. */
    CONV1D,
    /** {@code Deconvolution2D}: W is {@code [nIn, nOut, kH, kW]}, used {@code H_in * W_in} times. */
    DECONV2D,
    /** {@code DepthwiseConvolution2D}: W is {@code [kH, kW, nIn, mult]}; output channel {@code c * mult + m}. */
    DEPTHWISE_CONV2D,
    /** The depthwise W of a {@code SeparableConvolution2D}: {@code [mult, nIn, kH, kW]}, output {@code c * mult + m}. */
    SEPARABLE_DEPTHWISE,
    /** The pointwise pW of a {@code SeparableConvolution2D}: {@code [nOut, nIn * mult, 1, 1]}; reads no recorded activation. */
    SEPARABLE_POINTWISE,
    /** LSTM/GravesLSTM W {@code [nIn, 4n]} or LSTM RW {@code [n, 4n]}: column {@code j} feeds hidden unit {@code j % n}. */
    LSTM_GATES,
    /** {@code EmbeddingLayer}/{@code EmbeddingSequenceLayer} W {@code [vocabulary, nOut]}: rows are looked up, not multiplied. */
    EMBEDDING;

    /** Whether the layer is fully connected (dense or output). */
    public boolean isFullyConnected() {
        return this == DENSE || this == OUTPUT;
    }

    /** Whether the input activation has channels with trailing positions (spatial or time) that statistics average over. */
    public boolean readsChannels() {
        return this == CONV2D || this == CONV1D || this == DECONV2D || this == DEPTHWISE_CONV2D
                || this == SEPARABLE_DEPTHWISE;
    }
}
