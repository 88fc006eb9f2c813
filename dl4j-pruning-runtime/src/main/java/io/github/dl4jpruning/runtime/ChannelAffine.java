package io.github.dl4jpruning.runtime;

/**
 * {@code act(x * scale[c] + shift[c])} per channel (per feature for a flat input): DL4J's
 * {@code BatchNormalization} in inference mode, with {@code scale = gamma / sqrt(var + eps)} and
 * {@code shift = beta - mean * scale} computed once at export.
 */
public final class ChannelAffine extends Layer {

    private final float[] scale;
    private final float[] shift;
    private final Activation activation;

    /**
     * @param shape      input and output shape
     * @param scale      one factor per channel; copied
     * @param shift      one offset per channel; copied
     * @param activation the activation (softmax only on a flat shape)
     * @throws IllegalArgumentException when the lengths are not the channel count
     */
    public ChannelAffine(Shape shape, float[] scale, float[] shift, Activation activation) {
        super(shape, shape);
        if (scale.length != shape.channels() || shift.length != shape.channels()) {
            throw new IllegalArgumentException("channel affine over " + shape.channels() + " channels needs "
                    + shape.channels() + " scales and shifts, got " + scale.length + " and " + shift.length);
        }
        ActivationLayer.checkSoftmax(shape, activation);
        this.scale = scale.clone();
        this.shift = shift.clone();
        this.activation = activation;
    }

    @Override
    public String type() {
        return "affine";
    }

    @Override
    public long macs() {
        return inputShape().size();
    }

    @Override
    void forward(float[] in, float[] out, int batch) {
        int c = scale.length;
        int area = inputShape().area();
        for (int b = 0; b < batch; b++) {
            for (int ch = 0; ch < c; ch++) {
                int o = (b * c + ch) * area;
                float s = scale[ch];
                float t = shift[ch];
                for (int i = o; i < o + area; i++) {
                    out[i] = in[i] * s + t;
                }
            }
        }
        activation.applyRows(out, batch, inputShape().size());
    }

    /** The activation. */
    Activation activation() {
        return activation;
    }

    /** Per channel factors (not a copy: do not modify). */
    float[] scale() {
        return scale;
    }

    /** Per channel offsets (not a copy: do not modify). */
    float[] shift() {
        return shift;
    }

    /** This layer with {@code act} instead of its activation (the identity): a fused activation. */
    ChannelAffine withActivation(Activation act) {
        return new ChannelAffine(inputShape(), scale, shift, act);
    }

    @Override
    void write(PayloadWriter w) {
        w.shape(inputShape());
        w.i32(activation.code());
        w.floats(scale);
        w.floats(shift);
    }

    static ChannelAffine read(PayloadReader r) throws ModelFormatException {
        Shape shape = r.shape("affine shape");
        Activation act = r.activation();
        float[] scale = r.floats("affine scale", shape.channels());
        float[] shift = r.floats("affine shift", shape.channels());
        return new ChannelAffine(shape, scale, shift, act);
    }
}
