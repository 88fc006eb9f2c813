package io.github.dl4jpruning.network;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@link NetworkAdapter} for a {@code ComputationGraph}. Layer names and activation keys are vertex names. A layer
 * vertex with more than one input is not pruned weight by weight (its weights' input neurons would come from several
 * activations); structured groups still reach it.
 */
final class GraphAdapter extends NetworkAdapter {

    private final ComputationGraph graph;

    GraphAdapter(ComputationGraph graph, InputType inputType) {
        this.graph = graph;
        if (graph.getVertices() == null) {
            throw new IllegalStateException("the ComputationGraph is not initialised: call graph.init() first");
        }
        ComputationGraphConfiguration conf = graph.getConfiguration();
        Map<String, String> inputKeys = new HashMap<>();
        for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
            if (e.getValue().size() == 1) {
                inputKeys.put(e.getKey(), e.getValue().get(0));
            }
        }
        GraphLayers.read(initGraph(graph, inputType), inputKeys, layers, skipped);
    }

    @Override
    public Model model() {
        return graph;
    }

    @Override
    public int epochCount() {
        return graph.getConfiguration().getEpochCount();
    }

    @Override
    public int iterationCount() {
        return graph.getConfiguration().getIterationCount();
    }

    @Override
    protected Updater updater() {
        return graph.getUpdater(false);
    }
}
