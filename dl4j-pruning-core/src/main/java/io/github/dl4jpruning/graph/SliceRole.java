package io.github.dl4jpruning.graph;

/** What a {@link ParamSlice} is to the units of its group. */
public enum SliceRole {
    /** The parameters that compute a unit: a Dense/Conv W column or filter, its bias, an LSTM's four gate columns. */
    PRODUCER_OUTPUT,
    /** The parameters that read a unit: the matching input rows/channels of every consumer. */
    CONSUMER_INPUT,
    /**
     * Per-channel parameters that follow the unit: BatchNormalization gamma/beta/mean/var, a depthwise convolution's
     * kernel and bias for that input channel, the recurrent weights' row of an RNN unit.
     */
    PER_CHANNEL
}
