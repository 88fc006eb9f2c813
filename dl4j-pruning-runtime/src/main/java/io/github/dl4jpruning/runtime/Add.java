package io.github.dl4jpruning.runtime;

/**
 * The element-wise sum of two or more activations of the same shape: DL4J's {@code ElementWiseVertex} with
 * {@code Op.Add}, the join of a residual connection. Its inputs are named by the {@link RuntimeModel}'s graph.
 *
 * <pre>{@code
 * Add join = new Add(new Shape(64, 7, 7), 2);
 * RuntimeModel m = new RuntimeModel(in, List.of(convA, convB, join), List.of(new int[] {-1}, new int[] {0},
 *         new int[] {1, -1}));   // convB(convA(x)) + x
 * }</pre>
 */
public final class Add extends Layer {

    private final int arity;
    // Applied after the sum; only the identity in a model file: other activations exist only in a model's fused
    // execution plan (an Add followed by an activation layer, see Fusion).
    private final Activation activation;

    /**
     * @param shape the shape of every input and of the output
     * @param arity inputs to add, 2 to {@link #MAX_ARITY}
     * @throws IllegalArgumentException when the arity is out of range, naming it
     */
    public Add(Shape shape, int arity) {
        this(shape, arity, Activation.IDENTITY);
    }

    /** An add followed by {@code activation} (element-wise, not softmax). */
    Add(Shape shape, int arity, Activation activation) {
        super(shape, shape);
        this.activation = activation;
        if (arity < 2 || arity > MAX_ARITY) {
            throw new IllegalArgumentException("an add of " + arity + " inputs; expected 2 to " + MAX_ARITY);
        }
        this.arity = arity;
    }

    /** Most inputs of one add. */
    public static final int MAX_ARITY = 64;

    /** Inputs added. */
    public int arity() {
        return arity;
    }

    @Override
    public String type() {
        return "add";
    }

    @Override
    public long macs() {
        return 0;
    }

    @Override
    int inputs() {
        return arity;
    }

    @Override
    void forward(float[] in, float[] out, int batch) {
        throw new IllegalStateException("an add takes " + arity + " inputs; expected the graph to pass them all");
    }

    @Override
    void forward(float[][] in, float[] out, int batch) {
        int n = batch * inputShape().size();
        System.arraycopy(in[0], 0, out, 0, n);
        int last = in.length - 1;
        for (int k = 1; k < last; k++) {
            float[] x = in[k];
            for (int i = 0; i < n; i++) {
                out[i] += x[i];
            }
        }
        float[] x = in[last];
        if (activation == Activation.RELU) {     // the residual join's usual ReLU, in the same pass
            for (int i = 0; i < n; i++) {
                out[i] = Math.max(out[i] + x[i], 0f);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            out[i] += x[i];
        }
        activation.apply(out, 0, n);
    }

    /** The activation applied after the sum. */
    Activation activation() {
        return activation;
    }

    @Override
    void write(PayloadWriter w) {
        w.shape(inputShape());
        w.i32(arity);
    }

    static Add read(PayloadReader r) throws ModelFormatException {
        Shape shape = r.shape("add shape");
        int arity = r.positive("add arity", MAX_ARITY);
        return new Add(shape, arity);
    }
}
