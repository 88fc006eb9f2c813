package io.github.dl4jpruning.benchmark.zoo;

import java.util.Arrays;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * One architecture of the zoo scenario: how to build it (random weights, never pretrained ones) and the input it is
 * built for.
 *
 * <pre>{@code
 * ZooEntry lenet = new ZooEntry("LeNet", new long[] {1, 28, 28}, true,
 *         () -> LeNet.builder().inputShape(new int[] {1, 28, 28}).numClasses(10).build().init());
 * }</pre>
 *
 * @param name         the model's name in the table, e.g. {@code "LeNet"}
 * @param exampleShape the shape of one input example: {@code [channels, height, width]} for an image,
 *                     {@code [features, timeSteps]} for a sequence
 * @param quick        whether {@code --quick} runs it
 * @param build        builds and initialises the network (a {@code MultiLayerNetwork} or {@code ComputationGraph})
 */
public record ZooEntry(String name, long[] exampleShape, boolean quick, Supplier<Model> build) {

    /**
     * @throws IllegalArgumentException if the shape is neither {@code [c, h, w]} nor {@code [features, steps]}, or has a
     *                                  dimension below 1
     */
    public ZooEntry {
        if (exampleShape == null || (exampleShape.length != 2 && exampleShape.length != 3)
                || Arrays.stream(exampleShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("example shape of '" + name + "' must be [channels, height, width] or "
                    + "[features, timeSteps] with every dimension >= 1, got " + Arrays.toString(exampleShape));
        }
        exampleShape = exampleShape.clone();
    }

    @Override
    public long[] exampleShape() {
        return exampleShape.clone();
    }

    /** Whether the input is a sequence ({@code [features, timeSteps]}). */
    public boolean recurrent() {
        return exampleShape.length == 2;
    }

    /** DL4J's input type for this input: convolutional (NCHW) or recurrent. */
    public InputType inputType() {
        return recurrent() ? InputType.recurrent(exampleShape[0], exampleShape[1])
                : InputType.convolutional(exampleShape[1], exampleShape[2], exampleShape[0]);
    }

    /** The shape of a batch of {@code n} examples. */
    public long[] batchShape(int n) {
        long[] s = new long[exampleShape.length + 1];
        s[0] = n;
        System.arraycopy(exampleShape, 0, s, 1, exampleShape.length);
        return s;
    }

    /** The input as the table shows it: {@code 3x32x32}, or {@code 47 features x 1 step}. */
    public String inputLabel() {
        if (recurrent()) {
            return exampleShape[0] + " features x " + exampleShape[1] + (exampleShape[1] == 1 ? " step" : " steps");
        }
        return exampleShape[0] + "x" + exampleShape[1] + "x" + exampleShape[2];
    }
}
