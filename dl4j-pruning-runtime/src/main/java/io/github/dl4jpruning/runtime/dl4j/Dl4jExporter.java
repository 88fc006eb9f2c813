package io.github.dl4jpruning.runtime.dl4j;

import io.github.dl4jpruning.runtime.KernelPolicy;
import io.github.dl4jpruning.runtime.Layer;
import io.github.dl4jpruning.runtime.RuntimeModel;
import io.github.dl4jpruning.runtime.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns a trained (pruned, optionally compacted) DL4J network into a {@link RuntimeModel}, which runs without ND4J
 * and saves to the runtime's model file. The network is only read, never modified.
 *
 * <p>Supported: a {@code MultiLayerNetwork}, or a {@code ComputationGraph} with one input and one output whose
 * vertices are layer vertices and {@code ElementWiseVertex} Add (a residual join; the runtime runs the graph in DL4J's
 * topological order, see {@link RuntimeModel#RuntimeModel(Shape, List, List)}); layers {@code DenseLayer},
 * {@code OutputLayer}, {@code ConvolutionLayer} (NCHW,
 * modes Truncate, Strict and Same, any stride, padding and dilation), {@code SubsamplingLayer} (max, avg),
 * {@code BatchNormalization} (inference mode: its running mean and variance), {@code ActivationLayer} and
 * {@code DropoutLayer} (the identity at inference); activations identity, ReLU, leaky ReLU (alpha 0.01), sigmoid,
 * tanh and softmax; the CNN flatten ({@code CnnToFeedForwardPreProcessor}) and, before the first layer, the
 * reshape of flat rows into images ({@code FeedForwardToCnnPreProcessor}). Anything else is refused with an
 * {@code IllegalArgumentException} naming it, before anything is written.
 *
 * <pre>{@code
 * RuntimeModel model = Dl4jExporter.export(compactedNet, InputType.convolutionalFlat(28, 28, 1));
 * model.save(Path.of("lenet.dl4jrt"));               // deploy with dl4j-pruning-runtime.jar only
 * }</pre>
 */
public final class Dl4jExporter {

    private Dl4jExporter() {
    }

    /**
     * Exports a network of dense layers, its input size taken from the first layer's {@code nIn}.
     *
     * @throws IllegalArgumentException for an unsupported network, layer, activation or preprocessor
     */
    public static RuntimeModel export(Model network) {
        return export(network, null, KernelPolicy.AUTO);
    }

    /** {@link #export(Model, InputType, KernelPolicy)} with {@link KernelPolicy#AUTO}. */
    public static RuntimeModel export(Model network, InputType inputType) {
        return export(network, inputType, KernelPolicy.AUTO);
    }

    /**
     * Exports a network.
     *
     * @param network   an initialised {@code MultiLayerNetwork} or {@code ComputationGraph} (layer vertices and
     *                  element-wise adds)
     * @param inputType the network's input ({@code feedForward}, {@code convolutional} in NCHW, or
     *                  {@code convolutionalFlat}); may be null when the first layer is dense
     * @param policy    how the runtime chooses its kernels
     * @throws IllegalArgumentException for an unsupported network, layer, activation, preprocessor or input type,
     *                                  naming it; or a convolutional network without an input type
     */
    public static RuntimeModel export(Model network, InputType inputType, KernelPolicy policy) {
        if (network instanceof ComputationGraph graph) {
            return GraphExport.export(graph, inputType == null ? null : shapeOf(inputType), policy);
        }
        List<Step> steps = steps(network);
        Shape current = inputType == null ? null : shapeOf(inputType);
        List<Layer> layers = new ArrayList<>();
        Shape input = null;
        for (Step s : steps) {
            if (s.pre instanceof FeedForwardToCnnPreProcessor p) {
                if (!layers.isEmpty()) {
                    throw new IllegalArgumentException("layer '" + s.name + "': a reshape into images after the "
                            + "first layer is not supported; expected FeedForwardToCnnPreProcessor only first");
                }
                current = new Shape((int) p.getNumChannels(), (int) p.getInputHeight(), (int) p.getInputWidth());
            } else if (s.pre instanceof CnnToFeedForwardPreProcessor p) {
                if (p.getFormat() != CNN2DFormat.NCHW) {
                    throw new IllegalArgumentException("layer '" + s.name + "': flatten of format " + p.getFormat()
                            + "; expected NCHW");
                }
                current = current == null ? null : Shape.flat(current.size());
            } else if (s.pre != null) {
                throw new IllegalArgumentException("layer '" + s.name + "': preprocessor "
                        + s.pre.getClass().getSimpleName() + " is not supported; expected CnnToFeedForward or "
                        + "FeedForwardToCnn");
            }
            if (current == null) {
                if (!(s.conf instanceof DenseLayer || s.conf instanceof OutputLayer)) {
                    throw new IllegalArgumentException("layer '" + s.name + "' (" + s.conf.getClass().getSimpleName()
                            + ") comes first and no input type was given; expected an InputType");
                }
                current = Shape.flat((int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) s.conf).getNIn());
            }
            if (input == null) {
                input = current;
            }
            Layer l = LayerExport.layer(s.name, s.conf, s.params, current, policy);
            if (l != null) {
                layers.add(l);
                current = l.outputShape();
            }
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("the network has no layer the runtime computes; expected at least one");
        }
        return new RuntimeModel(input, layers);
    }

    /** Exports and saves in one call; the network is not modified and nothing is written on failure. */
    public static void save(Model network, InputType inputType, Path file) throws IOException {
        export(network, inputType, KernelPolicy.AUTO).save(file);
    }

    /** One layer as the chain visits it. */
    private record Step(String name, org.deeplearning4j.nn.conf.layers.Layer conf, InputPreProcessor pre,
                        Map<String, INDArray> params) {
    }

    /** The layers of a MultiLayerNetwork (a ComputationGraph goes to {@link GraphExport}). */
    private static List<Step> steps(Model network) {
        List<Step> steps = new ArrayList<>();
        if (network instanceof MultiLayerNetwork net) {
            for (int i = 0; i < net.getnLayers(); i++) {
                org.deeplearning4j.nn.api.Layer layer = net.getLayer(i);
                steps.add(new Step(String.valueOf(i), layer.conf().getLayer(),
                        net.getLayerWiseConfigurations().getInputPreProcess(i), layer.paramTable()));
            }
            return steps;
        }
        throw new IllegalArgumentException("network of type " + (network == null ? "null"
                : network.getClass().getName()) + "; expected a MultiLayerNetwork or a ComputationGraph");
    }

    private static Shape shapeOf(InputType t) {
        if (t instanceof InputType.InputTypeFeedForward ff) {
            return Shape.flat((int) ff.getSize());
        }
        if (t instanceof InputType.InputTypeConvolutionalFlat cf) {
            return new Shape((int) cf.getDepth(), (int) cf.getHeight(), (int) cf.getWidth());
        }
        if (t instanceof InputType.InputTypeConvolutional c) {
            if (c.getFormat() != CNN2DFormat.NCHW) {
                throw new IllegalArgumentException("input format " + c.getFormat() + "; expected NCHW");
            }
            return new Shape((int) c.getChannels(), (int) c.getHeight(), (int) c.getWidth());
        }
        throw new IllegalArgumentException("input type " + t + "; expected feedForward, convolutional (NCHW) or "
                + "convolutionalFlat");
    }
}
