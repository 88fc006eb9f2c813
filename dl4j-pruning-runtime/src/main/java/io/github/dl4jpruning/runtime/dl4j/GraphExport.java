package io.github.dl4jpruning.runtime.dl4j;

import io.github.dl4jpruning.runtime.Add;
import io.github.dl4jpruning.runtime.KernelPolicy;
import io.github.dl4jpruning.runtime.Layer;
import io.github.dl4jpruning.runtime.RuntimeModel;
import io.github.dl4jpruning.runtime.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A {@code ComputationGraph} as a runtime graph: its vertices in DL4J's topological order, each layer vertex one
 * runtime layer reading the layer of its input vertex, each {@code ElementWiseVertex} with {@code Op.Add} an
 * {@link Add}; dropout layers are skipped (their readers read their input). Only read, never modified.
 */
final class GraphExport {

    private GraphExport() {
    }

    /**
     * @throws IllegalArgumentException for more than one input or output, an unsupported vertex, layer, activation
     *                                  or preprocessor, naming it
     */
    static RuntimeModel export(ComputationGraph graph, Shape inputShape, KernelPolicy policy) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("graph with " + conf.getNetworkInputs().size() + " inputs and "
                    + conf.getNetworkOutputs().size() + " outputs; expected one of each");
        }
        String inputName = conf.getNetworkInputs().get(0);
        List<Layer> layers = new ArrayList<>();
        List<int[]> inputs = new ArrayList<>();
        Map<String, Integer> node = new HashMap<>();
        Map<String, Shape> shape = new HashMap<>();
        node.put(inputName, -1);
        shape.put(inputName, inputShape);
        for (String name : conf.getTopologicalOrderStr()) {
            if (name.equals(inputName)) {
                continue;
            }
            GraphVertex v = conf.getVertices().get(name);
            List<String> from = conf.getVertexInputs().get(name);
            if (from == null || from.isEmpty()) {
                throw new IllegalArgumentException("vertex '" + name + "' has no inputs; expected at least one");
            }
            int[] idx = new int[from.size()];
            Shape[] shapes = new Shape[from.size()];
            for (int k = 0; k < idx.length; k++) {
                idx[k] = node.get(from.get(k));
                shapes[k] = shape.get(from.get(k));
            }
            if (v instanceof LayerVertex lv) {
                if (idx.length != 1) {
                    throw new IllegalArgumentException("layer vertex '" + name + "' reads " + from
                            + "; expected one input (merge them with a vertex first)");
                }
                org.deeplearning4j.nn.conf.layers.Layer lc = lv.getLayerConf().getLayer();
                Shape in = preprocess(name, lv.getPreProcessor(), shapes[0], idx[0] < 0);
                if (idx[0] < 0 && shapes[0] == null && in != null) {
                    shape.put(inputName, in);
                }
                if (in == null) {
                    if (!(lc instanceof FeedForwardLayer ff)) {
                        throw new IllegalArgumentException("layer '" + name + "' (" + lc.getClass().getSimpleName()
                                + ") reads the input and no input type was given; expected an InputType");
                    }
                    in = Shape.flat((int) ff.getNIn());
                    shape.put(inputName, in);
                }
                Layer l = LayerExport.layer(name, lc, graph.getLayer(name).paramTable(), in, policy);
                if (l == null) {
                    node.put(name, idx[0]);
                    shape.put(name, in);
                    continue;
                }
                add(name, l, idx, layers, inputs, node, shape);
            } else if (v instanceof ElementWiseVertex ew && ew.getOp() == ElementWiseVertex.Op.Add && idx.length >= 2
                    && idx.length <= Add.MAX_ARITY) {
                for (int k = 1; k < shapes.length; k++) {
                    if (shapes[k] == null || !shapes[k].equals(shapes[0])) {
                        throw new IllegalArgumentException("vertex '" + name + "' adds " + shapes[0] + " and "
                                + shapes[k] + "; expected inputs of one shape");
                    }
                }
                add(name, new Add(shapes[0], idx.length), idx, layers, inputs, node, shape);
            } else {
                String what = v instanceof ElementWiseVertex ew ? "an ElementWiseVertex " + ew.getOp() + " of "
                        + idx.length + " inputs" : "a " + v.getClass().getSimpleName();
                throw new IllegalArgumentException("vertex '" + name + "' is " + what + "; expected a layer vertex "
                        + "or an ElementWiseVertex Add of 2 to " + Add.MAX_ARITY + " inputs");
            }
        }
        String out = conf.getNetworkOutputs().get(0);
        if (layers.isEmpty() || node.get(out) != layers.size() - 1) {
            throw new IllegalArgumentException("the graph's output '" + out + "' is not the last layer the runtime "
                    + "computes; expected a graph with at least one layer ending at its output");
        }
        return new RuntimeModel(shape.get(inputName), layers, inputs);
    }

    private static void add(String name, Layer l, int[] idx, List<Layer> layers, List<int[]> inputs,
                            Map<String, Integer> node, Map<String, Shape> shape) {
        node.put(name, layers.size());
        shape.put(name, l.outputShape());
        layers.add(l);
        inputs.add(idx);
    }

    /** The shape a layer sees after its preprocessor; null when unknown (a first dense layer without input type). */
    private static Shape preprocess(String name, InputPreProcessor pre, Shape in, boolean readsInput) {
        if (pre == null) {
            return in;
        }
        if (pre instanceof FeedForwardToCnnPreProcessor p) {
            if (!readsInput) {
                throw new IllegalArgumentException("layer '" + name + "': a reshape into images after the first "
                        + "layer is not supported; expected FeedForwardToCnnPreProcessor only on the input");
            }
            return new Shape((int) p.getNumChannels(), (int) p.getInputHeight(), (int) p.getInputWidth());
        }
        if (pre instanceof CnnToFeedForwardPreProcessor p) {
            if (p.getFormat() != CNN2DFormat.NCHW) {
                throw new IllegalArgumentException("layer '" + name + "': flatten of format " + p.getFormat()
                        + "; expected NCHW");
            }
            return in == null ? null : Shape.flat(in.size());
        }
        throw new IllegalArgumentException("layer '" + name + "': preprocessor " + pre.getClass().getSimpleName()
                + " is not supported; expected CnnToFeedForward or FeedForwardToCnn");
    }
}
