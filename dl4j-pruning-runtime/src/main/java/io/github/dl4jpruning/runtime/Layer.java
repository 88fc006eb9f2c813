package io.github.dl4jpruning.runtime;

import java.util.Objects;

/**
 * One step of a {@link RuntimeModel}: maps a batch of examples of {@link #inputShape()} to a batch of
 * {@link #outputShape()}, each example's values contiguous (row-major batch). Immutable and safe to share between
 * threads: all scratch space is allocated per call.
 */
public abstract sealed class Layer permits FullyConnected, Convolution, Pooling, ChannelAffine, ActivationLayer, Add {

    private final Shape inputShape;
    private final Shape outputShape;

    Layer(Shape inputShape, Shape outputShape) {
        this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
        this.outputShape = Objects.requireNonNull(outputShape, "outputShape");
    }

    /** The shape of one input example. */
    public final Shape inputShape() {
        return inputShape;
    }

    /** The shape of one output example. */
    public final Shape outputShape() {
        return outputShape;
    }

    /** A short name of the layer's kind, e.g. {@code dense} or {@code conv2d}. */
    public abstract String type();

    /** Multiply-accumulates of one example with the non-zero weights only (a pruned weight costs nothing). */
    public abstract long macs();

    /**
     * The kernel(s) used, e.g. {@code csr/dense/dense} (per batch class of the {@link CostModel}: below 8, 8 to 63,
     * 64 and more) or {@code im2col-gemm}; {@code -} when there is no choice.
     */
    public String kernel() {
        return "-";
    }

    /** Values of scratch space one call allocates (e.g. an im2col buffer), 0 by default. */
    long scratchValues() {
        return 0;
    }

    /**
     * Computes the layer.
     *
     * @param in    {@code batch * inputShape().size()} values
     * @param out   {@code batch * outputShape().size()} values, overwritten
     * @param batch examples
     */
    abstract void forward(float[] in, float[] out, int batch);

    /** Inputs the layer reads: 1, or the arity of an {@link Add}. */
    int inputs() {
        return 1;
    }

    /**
     * Computes the layer from {@link #inputs()} activations of {@link #inputShape()} (one by default).
     *
     * @param in    one array of {@code batch * inputShape().size()} values per input
     * @param out   {@code batch * outputShape().size()} values, overwritten
     * @param batch examples
     */
    void forward(float[][] in, float[] out, int batch) {
        forward(in[0], out, batch);
    }

    /** Writes the layer's kind-specific fields (after its type byte) to the model file. */
    abstract void write(PayloadWriter w);

    @Override
    public String toString() {
        return type() + " " + inputShape + " -> " + outputShape + " (" + macs() + " MACs, kernel " + kernel() + ")";
    }
}
