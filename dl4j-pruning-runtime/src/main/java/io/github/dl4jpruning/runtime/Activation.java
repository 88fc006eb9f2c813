package io.github.dl4jpruning.runtime;

/**
 * The element-wise (and softmax, row-wise) activations the runtime computes, with the same formulas as DL4J's
 * {@code Activation} enum in float arithmetic. The {@link #code()} is what the model file stores; it never changes
 * for an existing constant.
 *
 * <pre>{@code
 * Activation.RELU.apply(row, 0, row.length);
 * }</pre>
 */
public enum Activation {
    /** {@code f(x) = x}. */
    IDENTITY(0),
    /** {@code f(x) = max(0, x)}. */
    RELU(1),
    /** {@code f(x) = 1 / (1 + exp(-x))}. */
    SIGMOID(2),
    /** {@code f(x) = tanh(x)}. */
    TANH(3),
    /** {@code exp(x_i - max) / sum_j exp(x_j - max)} over one row (one example's outputs). */
    SOFTMAX(4),
    /** {@code f(x) = x} for positive x, else {@code 0.01 x} (DL4J's default alpha). */
    LEAKYRELU(5);

    private final int code;

    Activation(int code) {
        this.code = code;
    }

    /** The number the model file stores for this activation. */
    public int code() {
        return code;
    }

    /**
     * The activation stored as {@code code}.
     *
     * @throws IllegalArgumentException for a code no activation has, naming it and the known ones
     */
    public static Activation ofCode(int code) {
        for (Activation a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation code " + code + "; expected 0 to "
                + (values().length - 1));
    }

    /**
     * Applies the activation in place to {@code len} values from {@code off}; for {@link #SOFTMAX} they are one row.
     */
    public void apply(float[] a, int off, int len) {
        int end = off + len;
        switch (this) {
            case IDENTITY -> {
            }
            case RELU -> {
                for (int i = off; i < end; i++) {
                    a[i] = Math.max(a[i], 0f);
                }
            }
            case LEAKYRELU -> {
                for (int i = off; i < end; i++) {
                    a[i] = a[i] < 0f ? 0.01f * a[i] : a[i];
                }
            }
            case SIGMOID -> {
                for (int i = off; i < end; i++) {
                    a[i] = (float) (1.0 / (1.0 + Math.exp(-a[i])));
                }
            }
            case TANH -> {
                for (int i = off; i < end; i++) {
                    a[i] = (float) Math.tanh(a[i]);
                }
            }
            case SOFTMAX -> softmax(a, off, end);
            default -> throw new IllegalStateException("unhandled activation " + this);
        }
    }

    /** Applies the activation to each of {@code rows} consecutive rows of {@code width} values. */
    public void applyRows(float[] a, int rows, int width) {
        if (this == SOFTMAX) {
            for (int r = 0; r < rows; r++) {
                softmax(a, r * width, (r + 1) * width);
            }
        } else {
            apply(a, 0, rows * width);
        }
    }

    private static void softmax(float[] a, int off, int end) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = off; i < end; i++) {
            max = Math.max(max, a[i]);
        }
        double sum = 0;
        for (int i = off; i < end; i++) {
            double e = Math.exp(a[i] - max);
            a[i] = (float) e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = off; i < end; i++) {
            a[i] *= inv;
        }
    }
}
