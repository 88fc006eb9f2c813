package io.github.dl4jpruning.compact;

import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.graph.GraphNode;
import io.github.dl4jpruning.graph.NodeKind;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The input columns the compacted network reads: all of them, or, with {@code dropUnusedInputs}, only those that some
 * surviving weight of the first (dense) layer reads.
 */
final class InputColumns {

    private InputColumns() {
    }

    /** The input index map; with {@code drop}, also adds the unused rows of the first layer's W to the cuts. */
    static int[] plan(Model model, DependencyGraph graph, CompactionPlan plan, boolean drop) {
        GraphNode first = firstLayer(model, graph);
        long nIn = first != null && Layers.conf(model, first.name()) instanceof FeedForwardLayer f ? f.getNIn() : 0;
        if (!drop) {
            return range(Math.toIntExact(nIn));
        }
        InputPreProcessor pre = first == null ? null : preprocessor(model, first.name());
        if (first == null || first.kind() != NodeKind.DENSE || pre != null) {
            throw new IllegalArgumentException("dropUnusedInputs needs a network whose first layer is a dense layer "
                    + "without input preprocessor; "
                    + (first == null ? "the network input is not read by exactly one layer"
                    : "layer '" + first.name() + "' is a " + first.className()
                    + (pre == null ? "" : " with preprocessor " + pre.getClass().getSimpleName())));
        }
        String name = first.name();
        double[] w = plan.values(name + "_W");
        int nOut = Math.toIntExact(((FeedForwardLayer) Layers.conf(model, name)).getNOut());
        List<Integer> removedOut = plan.removedOutputs.getOrDefault(name, List.of());
        List<Integer> used = new ArrayList<>();
        List<Integer> unused = new ArrayList<>();
        for (int i = 0; i < nIn; i++) {
            boolean reads = false;
            for (int o = 0; o < nOut && !reads; o++) {
                reads = !removedOut.contains(o) && w[i * nOut + o] != 0;
            }
            (reads ? used : unused).add(i);
        }
        if (used.isEmpty()) {
            used.add(unused.remove(0));
        }
        plan.cuts.remove(name, "W", 0, unused.stream().mapToInt(Integer::intValue).toArray());
        return used.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The one layer that reads the network's single input, or {@code null}. */
    private static GraphNode firstLayer(Model model, DependencyGraph graph) {
        List<String> inputs = model instanceof ComputationGraph g ? g.getConfiguration().getNetworkInputs()
                : List.of(DependencyGraph.MLN_INPUT);
        if (inputs.size() != 1) {
            return null;
        }
        GraphNode found = null;
        for (GraphNode n : graph.nodes()) {
            if (n.inputs().contains(inputs.get(0))) {
                if (found != null) {
                    return null;
                }
                found = n;
            }
        }
        if (found == null && model instanceof MultiLayerNetwork && graph.hasNode("0")) {
            found = graph.node("0");
        }
        return found;
    }

    private static InputPreProcessor preprocessor(Model model, String name) {
        if (model instanceof MultiLayerNetwork net) {
            return net.getLayerWiseConfigurations().getInputPreProcess(Integer.parseInt(name));
        }
        ComputationGraphConfiguration conf = ((ComputationGraph) model).getConfiguration();
        return conf.getVertices().get(name) instanceof LayerVertex v ? v.getPreProcessor() : null;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
