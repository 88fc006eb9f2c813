package io.github.dl4jpruning.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@link NetworkAdapter} for a {@code ComputationGraph}. Layer names and activation keys are vertex names. A layer
 * vertex with more than one input is skipped (its weights' input neurons would come from several activations).
 */
final class GraphAdapter extends NetworkAdapter {

    private final ComputationGraph graph;

    GraphAdapter(ComputationGraph graph, InputType inputType) {
        this.graph = graph;
        if (graph.getVertices() == null) {
            throw new IllegalStateException("the ComputationGraph is not initialised: call graph.init() first");
        }
        ComputationGraphConfiguration conf = graph.getConfiguration();
        Map<String, InputType> types = inputType == null ? null : conf.getLayerActivationTypes(inputType);
        Map<String, List<String>> inputs = conf.getVertexInputs();
        for (String name : conf.getTopologicalOrderStr()) {
            GraphVertex v = conf.getVertices().get(name);
            if (!(v instanceof LayerVertex lv)) {
                continue;
            }
            Layer lc = lv.getLayerConf().getLayer();
            LayerKind kind = LayerSupport.kindOf(lc);
            if (kind == null) {
                if (graph.getLayer(name).numParams() > 0) {
                    skipped.put(name, LayerSupport.reasonUnsupported(lc));
                }
                continue;
            }
            List<String> in = inputs.get(name);
            if (in == null || in.size() != 1) {
                skipped.put(name, "layer vertex has " + (in == null ? 0 : in.size()) + " inputs; only single-input layers are pruned");
                continue;
            }
            FeedForwardLayer ff = (FeedForwardLayer) lc;
            long uses = 1;
            if (kind == LayerKind.CONV2D) {
                uses = 0;
                if (types != null && types.get(name) instanceof InputType.InputTypeConvolutional out) {
                    uses = out.getHeight() * out.getWidth();
                }
            }
            String biasKey = graph.getLayer(name).paramTable().containsKey("b") ? name + "_b" : null;
            long[] shape = graph.getParam(name + "_W").shape();
            layers.add(new PrunableLayer(name, kind, name + "_W", biasKey, in.get(0), name, ff.getNIn(), ff.getNOut(),
                    shape, uses, successorOf(conf, name)));
        }
    }

    private static String successorOf(ComputationGraphConfiguration conf, String name) {
        String current = name;
        while (true) {
            List<String> consumers = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
                if (e.getValue().contains(current)) {
                    consumers.add(e.getKey());
                }
            }
            if (consumers.size() != 1 || conf.getVertexInputs().get(consumers.get(0)).size() != 1) {
                return null;
            }
            String next = consumers.get(0);
            if (!(conf.getVertices().get(next) instanceof LayerVertex lv)) {
                return null;
            }
            Layer lc = lv.getLayerConf().getLayer();
            if (LayerSupport.kindOf(lc) != null) {
                return next;
            }
            if (!LayerSupport.isTransparent(lc)) {
                return null;
            }
            current = next;
        }
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
