package io.github.dl4jpruning.network;

/** The layer types whose weights can be pruned. Any other DL4J layer is left alone. */
public enum LayerKind {
    /** {@code DenseLayer}: W is {@code [nIn, nOut]}, each weight used once per inference. */
    DENSE,
    /** {@code OutputLayer}: like dense; never pruned as whole neurons (its outputs are the classes). */
    OUTPUT,
    /** {@code ConvolutionLayer} (2D): W is {@code [nOut, nIn, kH, kW]}, each weight used {@code H_out * W_out} times. */
    CONV2D;

    /** Whether the layer is fully connected (dense or output). */
    public boolean isFullyConnected() {
        return this == DENSE || this == OUTPUT;
    }
}
