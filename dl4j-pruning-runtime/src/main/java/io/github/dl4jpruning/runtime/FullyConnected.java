package io.github.dl4jpruning.runtime;

import java.util.Objects;

/**
 * A fully connected layer, {@code act(x W + b)}: DL4J's {@code DenseLayer} and {@code OutputLayer}. An input of
 * shape {@code C x H x W} is read flattened in channel-major order (DL4J's {@code CnnToFeedForwardPreProcessor}).
 * The kernel is chosen per batch class by the {@link KernelPolicy}: dense for compacted or dense layers, sparse for
 * weights whose density is under the {@link CostModel}'s threshold.
 */
public final class FullyConnected extends Layer {

    private final float[] weights;
    private final float[] bias;
    private final Activation activation;
    // Per batch class of the CostModel (small, medium, large), the kernel it runs.
    private final MatrixKernel[] kernels = new MatrixKernel[3];
    private final long nonZeros;
    private final KernelPolicy policy;

    /**
     * @param input      the shape of one input example ({@code in = input.size()})
     * @param out        outputs
     * @param weights    {@code in * out} weights, row-major ({@code W[k][j]} at {@code k * out + j}); copied
     * @param bias       {@code out} biases; copied
     * @param activation the activation
     * @param policy     how to choose the kernels
     * @throws IllegalArgumentException when the array lengths do not match the shape, naming both
     */
    public FullyConnected(Shape input, int out, float[] weights, float[] bias, Activation activation,
                          KernelPolicy policy) {
        super(input, Shape.flat(out));
        int in = input.size();
        if (weights.length != (long) in * out) {
            throw new IllegalArgumentException("dense layer " + input + " -> " + out + " needs " + (long) in * out
                    + " weights, got " + weights.length);
        }
        if (bias.length != out) {
            throw new IllegalArgumentException("dense layer with " + out + " outputs needs " + out + " biases, got "
                    + bias.length);
        }
        this.weights = weights.clone();
        this.bias = bias.clone();
        this.activation = Objects.requireNonNull(activation, "activation");
        this.policy = Objects.requireNonNull(policy, "policy");
        double density = CostModel.density(this.weights);
        this.nonZeros = Math.round(density * this.weights.length);
        MatrixKernel dense = null;
        MatrixKernel sparse = null;
        int[] firstBatch = {1, CostModel.MEDIUM_BATCH, CostModel.LARGE_BATCH};
        for (int c = 0; c < kernels.length; c++) {
            boolean useSparse = policy == KernelPolicy.SPARSE
                    || policy == KernelPolicy.AUTO && CostModel.sparseWins(density, firstBatch[c]);
            if (useSparse) {
                kernels[c] = sparse == null ? sparse = new SparseKernel(this.weights, in, out) : sparse;
            } else {
                kernels[c] = dense == null ? dense = new DenseKernel(this.weights, in, out) : dense;
            }
        }
    }

    @Override
    public String type() {
        return "dense";
    }

    /** The non-zero weights: what the sparse kernel multiplies (the dense kernel also multiplies the zeros). */
    @Override
    public long macs() {
        return nonZeros;
    }

    @Override
    public String kernel() {
        return kernels[0].name() + "/" + kernels[1].name() + "/" + kernels[2].name();
    }

    /** The activation. */
    public Activation activation() {
        return activation;
    }

    /** Non-zero weights / all weights. */
    public double density() {
        return CostModel.density(weights);
    }

    @Override
    void forward(float[] in, float[] out, int batch) {
        int n = bias.length;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(bias, 0, out, b * n, n);
        }
        kernels[batch < CostModel.MEDIUM_BATCH ? 0 : batch < CostModel.LARGE_BATCH ? 1 : 2].multiplyAdd(in, batch, out);
        activation.applyRows(out, batch, n);
    }

    /** This layer with {@code act} instead of its activation (which must be the identity): a fused activation. */
    FullyConnected withActivation(Activation act) {
        return new FullyConnected(inputShape(), bias.length, weights, bias, act, policy);
    }

    /**
     * This layer (whose activation must be the identity) followed by {@code y * scale[j] + shift[j]} and
     * {@code act}, as one layer: column {@code j} of the weights times {@code scale[j]}, the bias
     * {@code b[j] * scale[j] + shift[j]}. A batch normalisation folded into the layer before it.
     */
    FullyConnected withAffine(float[] scale, float[] shift, Activation act) {
        int out = bias.length;
        float[] w = weights.clone();
        float[] b = new float[out];
        for (int k = 0; k < w.length; k++) {
            w[k] *= scale[k % out];
        }
        for (int j = 0; j < out; j++) {
            b[j] = bias[j] * scale[j] + shift[j];
        }
        return new FullyConnected(inputShape(), out, w, b, act, policy);
    }

    @Override
    void write(PayloadWriter w) {
        w.shape(inputShape());
        w.i32(outputShape().size());
        w.i32(activation.code());
        w.floats(weights);
        w.floats(bias);
    }

    static FullyConnected read(PayloadReader r, KernelPolicy policy) throws ModelFormatException {
        Shape input = r.shape("dense input");
        int out = r.positive("dense outputs", Shape.MAX_SIZE);
        Activation act = r.activation();
        float[] w = r.floats("dense weights", (long) input.size() * out);
        float[] b = r.floats("dense bias", out);
        return new FullyConnected(input, out, w, b, act, policy);
    }
}
