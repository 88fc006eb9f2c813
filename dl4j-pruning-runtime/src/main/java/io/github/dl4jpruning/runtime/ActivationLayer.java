package io.github.dl4jpruning.runtime;

/** An activation on its own: DL4J's {@code ActivationLayer}. Softmax only on a flat (feed-forward) shape. */
public final class ActivationLayer extends Layer {

    private final Activation activation;

    /**
     * @throws IllegalArgumentException for softmax on a shape with height or width above 1
     */
    public ActivationLayer(Shape shape, Activation activation) {
        super(shape, shape);
        checkSoftmax(shape, activation);
        this.activation = activation;
    }

    static void checkSoftmax(Shape shape, Activation activation) {
        if (java.util.Objects.requireNonNull(activation, "activation") == Activation.SOFTMAX && shape.area() != 1) {
            throw new IllegalArgumentException("softmax over a " + shape + " activation is not supported; expected "
                    + "a flat shape");
        }
    }

    @Override
    public String type() {
        return "activation";
    }

    @Override
    public long macs() {
        return 0;
    }

    @Override
    void forward(float[] in, float[] out, int batch) {
        System.arraycopy(in, 0, out, 0, batch * inputShape().size());
        activation.applyRows(out, batch, inputShape().size());
    }

    /** The activation. */
    Activation activation() {
        return activation;
    }

    @Override
    void write(PayloadWriter w) {
        w.shape(inputShape());
        w.i32(activation.code());
    }

    static ActivationLayer read(PayloadReader r) throws ModelFormatException {
        Shape shape = r.shape("activation shape");
        return new ActivationLayer(shape, r.activation());
    }
}
