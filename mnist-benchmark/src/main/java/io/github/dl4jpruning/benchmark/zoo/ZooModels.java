package io.github.dl4jpruning.benchmark.zoo;

import java.util.List;
import java.util.function.Function;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.FaceNetNN4Small2;
import org.deeplearning4j.zoo.model.InceptionResNetV1;
import org.deeplearning4j.zoo.model.LeNet;
import org.deeplearning4j.zoo.model.NASNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SimpleCNN;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.TextGenerationLSTM;
import org.deeplearning4j.zoo.model.TinyYOLO;
import org.deeplearning4j.zoo.model.UNet;
import org.deeplearning4j.zoo.model.VGG16;
import org.deeplearning4j.zoo.model.VGG19;
import org.deeplearning4j.zoo.model.Xception;
import org.deeplearning4j.zoo.model.YOLO2;

/**
 * Every architecture of {@code deeplearning4j-zoo} 1.0.0-M2.1, built with random weights ({@code init()}, never
 * {@code initPretrained}: no download) for {@value #CLASSES} classes, at the smallest square input each accepts.
 * Those sizes were found by building and running each network on a random input at every size from 1 up: most of
 * the zoo pads its convolutions ({@code ConvolutionMode.Same}), so a 1x1 image passes through all of them; AlexNet's
 * unpadded strided convolutions and pooling, YOLO2's reorganisation (space-to-depth) branch, UNet's concatenated skip
 * connections (the up-sampled and the skipped maps must have the same size), and the fixed-size pooling of the
 * Inception-style models need more (see each size below). The sequence model reads one step of one-hot characters.
 *
 * <pre>{@code
 * for (ZooEntry e : ZooModels.all()) { Model net = e.build().get(); ... }
 * }</pre>
 */
public final class ZooModels {

    /** Output classes of every classifier (the zoo's builders default to 0, which builds no output layer). */
    public static final int CLASSES = 10;
    /** The characters of {@code TextGenerationLSTM}: its default vocabulary. */
    public static final int CHARACTERS = 47;

    private ZooModels() {
    }

    /** All sixteen, in the order of issue 11. */
    public static List<ZooEntry> all() {
        return List.of(
                image("LeNet", 1, 1, true, s -> LeNet.builder().inputShape(s).numClasses(CLASSES).build()),
                image("SimpleCNN", 3, 1, true, s -> SimpleCNN.builder().inputShape(s).numClasses(CLASSES).build()),
                image("AlexNet", 3, ALEXNET, false, s -> AlexNet.builder().inputShape(s).numClasses(CLASSES).build()),
                image("VGG16", 3, 1, false, s -> VGG16.builder().inputShape(s).numClasses(CLASSES).build()),
                image("VGG19", 3, 1, false, s -> VGG19.builder().inputShape(s).numClasses(CLASSES).build()),
                image("ResNet50", 3, RESNET50, false, s -> ResNet50.builder().inputShape(s).numClasses(CLASSES).build()),
                image("SqueezeNet", 3, SQUEEZENET, false,
                        s -> SqueezeNet.builder().inputShape(s).numClasses(CLASSES).build()),
                image("Darknet19", 3, 1, false,
                        s -> Darknet19.builder().inputShape(s).numClasses(CLASSES).build()),
                image("TinyYOLO", 3, 1, false, s -> TinyYOLO.builder().inputShape(s).numClasses(CLASSES).build()),
                image("YOLO2", 3, YOLO2_SIZE, false, s -> YOLO2.builder().inputShape(s).numClasses(CLASSES).build()),
                image("UNet", 3, UNET, false, s -> UNet.builder().inputShape(s).numClasses(CLASSES).build()),
                image("Xception", 3, XCEPTION, false, s -> Xception.builder().inputShape(s).numClasses(CLASSES).build()),
                image("InceptionResNetV1", 3, INCEPTION_RESNET_V1, false,
                        s -> InceptionResNetV1.builder().inputShape(s).numClasses(CLASSES).build()),
                image("FaceNetNN4Small2", 3, 1, false,
                        s -> FaceNetNN4Small2.builder().inputShape(s).numClasses(CLASSES).build()),
                image("NASNet", 3, NASNET, false, s -> NASNet.builder().inputShape(s).numClasses(CLASSES).build()),
                new ZooEntry("TextGenerationLSTM", new long[] {CHARACTERS, 1}, true,
                        // inputShape is {steps, characters}; the builder has no default for it.
                        () -> TextGenerationLSTM.builder().inputShape(new int[] {1, CHARACTERS})
                                .totalUniqueCharacters(CHARACTERS).build().init()));
    }

    /**
     * The architectures named in a comma-separated list, in the list's order (run the quick ones first, say).
     *
     * @throws IllegalArgumentException naming a name that is not in the catalogue, with the names that are
     */
    public static List<ZooEntry> named(String commaSeparated) {
        List<String> wanted = java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim)
                .filter(n -> !n.isEmpty()).toList();
        List<ZooEntry> all = all();
        List<String> known = all.stream().map(ZooEntry::name).toList();
        for (String n : wanted) {
            if (!known.contains(n)) {
                throw new IllegalArgumentException("unknown zoo model '" + n + "'; expected some of " + known);
            }
        }
        return wanted.stream().distinct().map(n -> all.get(known.indexOf(n))).toList();
    }

    /** The ones {@code --quick} runs: the small ones. */
    public static List<ZooEntry> quick() {
        return all().stream().filter(ZooEntry::quick).toList();
    }

    // The smallest square inputs above 1x1, found as the class comment says (the size below each fails).
    /** Unpadded 11x11/4 convolution and 3x3/2 poolings: at 42 the last pooling's output is empty. */
    static final int ALEXNET = 43;
    /** Unpadded stem (7x7/2, 3x3/2 pooling) and a final 3x3 average pooling: at 68 the output layer reads nothing. */
    static final int RESNET50 = 69;
    /** Unpadded 3x3/2 convolution and three 3x3/2 poolings: at 22 the last pooling's output is empty. */
    static final int SQUEEZENET = 23;
    /** The reorganised (space-to-depth) pass-through branch: at 16 its input is empty. */
    static final int YOLO2_SIZE = 17;
    /** Four poolings whose up-sampled maps are concatenated with the skipped ones: sizes must agree, 15 fails. */
    static final int UNET = 16;
    /** Unpadded 3x3/2 and 3x3 stem convolutions: at 6 the second one's output is empty. */
    static final int XCEPTION = 7;
    /** Unpadded stem and reduction blocks: at 74 a 3x3 kernel is larger than its padded input. */
    static final int INCEPTION_RESNET_V1 = 75;
    /**
     * NASNet cannot be built by {@code deeplearning4j-zoo} 1.0.0-M2.1 at any size (its graph builder asks for
     * activation types before the input is added); its default size is used and the row says why it failed.
     */
    static final int NASNET = 224;

    private static ZooEntry image(String name, int channels, int size, boolean quick, Function<int[], ZooModel> model) {
        int[] shape = {channels, size, size};
        return new ZooEntry(name, new long[] {channels, size, size}, quick, () -> model.apply(shape.clone()).init());
    }
}
