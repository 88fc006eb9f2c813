package io.github.dl4jpruning.runtime;

/**
 * The shape of one example's activations: {@code channels x height x width}, stored channel-major (NCHW without
 * the batch, as DL4J stores a convolutional activation and as its flatten reads it). A feed-forward vector of
 * {@code n} values is {@code n x 1 x 1}.
 *
 * <pre>{@code
 * Shape image = new Shape(1, 28, 28);   // image.size() == 784
 * Shape hidden = Shape.flat(128);
 * }</pre>
 *
 * @param channels channels (or features), at least 1
 * @param height   rows, at least 1
 * @param width    columns, at least 1
 */
public record Shape(int channels, int height, int width) {

    /** Largest number of values of one example the runtime accepts (2^28, 1 GiB of floats). */
    public static final int MAX_SIZE = 1 << 28;

    /**
     * @throws IllegalArgumentException when a dimension is below 1 or the size is above {@link #MAX_SIZE}, naming it
     */
    public Shape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("shape dimensions must be >= 1, got " + channels + "x" + height + "x"
                    + width);
        }
        if ((long) channels * height * width > MAX_SIZE) {
            throw new IllegalArgumentException("shape " + channels + "x" + height + "x" + width + " has "
                    + (long) channels * height * width + " values; expected at most " + MAX_SIZE);
        }
    }

    /** A feed-forward vector of {@code n} values. */
    public static Shape flat(int n) {
        return new Shape(n, 1, 1);
    }

    /** Values of one example. */
    public int size() {
        return channels * height * width;
    }

    /** Values of one channel (one feature map). */
    public int area() {
        return height * width;
    }

    @Override
    public String toString() {
        return height == 1 && width == 1 ? Integer.toString(channels) : channels + "x" + height + "x" + width;
    }
}
