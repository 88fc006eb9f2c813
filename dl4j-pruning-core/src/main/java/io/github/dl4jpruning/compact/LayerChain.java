package io.github.dl4jpruning.compact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A network seen as a straight chain of layers: the layers of a {@code MultiLayerNetwork}, or the layer vertices of a
 * {@code ComputationGraph} with one input, one output and no branches.
 */
final class LayerChain {

    final Model model;
    final List<ChainNode> nodes;

    private LayerChain(Model model, List<ChainNode> nodes) {
        this.model = model;
        this.nodes = nodes;
    }

    static LayerChain of(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return of(net);
        }
        if (model instanceof ComputationGraph graph) {
            return of(graph);
        }
        throw new IllegalArgumentException("model must be a MultiLayerNetwork or a ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName()));
    }

    private static LayerChain of(MultiLayerNetwork net) {
        if (net.getLayers() == null) {
            throw new IllegalStateException("the MultiLayerNetwork is not initialised: call net.init() first");
        }
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        List<ChainNode> nodes = new ArrayList<>();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            nodes.add(new ChainNode(String.valueOf(i), conf.getConf(i).getLayer(), conf.getInputPreProcess(i),
                    net.getLayer(i).paramTable()));
        }
        return new LayerChain(net, nodes);
    }

    private static LayerChain of(ComputationGraph graph) {
        if (graph.getVertices() == null) {
            throw new IllegalStateException("the ComputationGraph is not initialised: call graph.init() first");
        }
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("cannot compact a ComputationGraph with inputs " + conf.getNetworkInputs()
                    + " and outputs " + conf.getNetworkOutputs() + "; expected a chain with one input and one output");
        }
        Map<String, List<String>> inputs = conf.getVertexInputs();
        // Name the vertex that joins branches (a merge, an element-wise add...), not the first branch the walk below
        // would trip over: that is the vertex a user looks for in their configuration.
        for (String name : conf.getTopologicalOrderStr()) {
            List<String> in = inputs.get(name);
            if (in != null && in.size() > 1) {
                throw new IllegalArgumentException("cannot compact vertex '" + name + "' ("
                        + conf.getVertices().get(name).getClass().getSimpleName() + "): it joins the branches " + in
                        + "; the Compactor supports chains without branches");
            }
        }
        List<ChainNode> nodes = new ArrayList<>();
        String previous = conf.getNetworkInputs().get(0);
        for (String name : conf.getTopologicalOrderStr()) {
            if (conf.getNetworkInputs().contains(name)) {
                continue;
            }
            GraphVertex v = conf.getVertices().get(name);
            if (!(v instanceof LayerVertex lv)) {
                throw new IllegalArgumentException("cannot compact vertex '" + name + "': found "
                        + v.getClass().getSimpleName() + "; the Compactor supports chains of layer vertices ("
                        + NodeRole.SUPPORTED + ")");
            }
            List<String> in = inputs.get(name);
            if (in == null || in.size() != 1 || !in.get(0).equals(previous)) {
                throw new IllegalArgumentException("cannot compact vertex '" + name + "': its inputs are " + in
                        + ", expected exactly [" + previous + "] (the Compactor supports chains without branches)");
            }
            nodes.add(new ChainNode(name, lv.getLayerConf().getLayer(), lv.getPreProcessor(),
                    graph.getLayer(name).paramTable()));
            previous = name;
        }
        if (!previous.equals(conf.getNetworkOutputs().get(0))) {
            throw new IllegalArgumentException("cannot compact: the chain ends at '" + previous
                    + "' but the graph's output is '" + conf.getNetworkOutputs().get(0) + "'");
        }
        return new LayerChain(graph, nodes);
    }
}
