package io.github.dl4jpruning.compact;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds the smaller network from a plan: a clone of the original configuration (updater, activations, loss, seed,
 * epoch and iteration counters are kept) with new layer sizes, initialised, then filled with the planned parameters.
 */
final class NetworkRebuilder {

    private NetworkRebuilder() {
    }

    static Model build(LayerChain chain, CompactionPlan plan) {
        if (chain.model instanceof MultiLayerNetwork net) {
            MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
            for (int i = 0; i < plan.rewrites.size(); i++) {
                NodeRewrite r = plan.rewrites.get(i);
                resize(conf.getConf(i).getLayer(), r);
                if (r.newPreProcessor != null) {
                    conf.getInputPreProcessors().put(i, r.newPreProcessor);
                }
            }
            MultiLayerNetwork out = new MultiLayerNetwork(conf);
            out.init();
            for (int i = 0; i < plan.rewrites.size(); i++) {
                copyParams(out.getLayer(i), plan.rewrites.get(i));
            }
            return out;
        }
        ComputationGraph graph = (ComputationGraph) chain.model;
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        for (NodeRewrite r : plan.rewrites) {
            LayerVertex v = (LayerVertex) conf.getVertices().get(r.node.name);
            resize(v.getLayerConf().getLayer(), r);
            if (r.newPreProcessor != null) {
                v.setPreProcessor(r.newPreProcessor);
            }
        }
        ComputationGraph out = new ComputationGraph(conf);
        out.init();
        for (NodeRewrite r : plan.rewrites) {
            copyParams(out.getLayer(r.node.name), r);
        }
        return out;
    }

    private static void resize(org.deeplearning4j.nn.conf.layers.Layer layer, NodeRewrite r) {
        if (r.node.role.prunable()) {
            FeedForwardLayer ff = (FeedForwardLayer) layer;
            ff.setNIn(r.newNIn);
            ff.setNOut(r.newNOut);
        }
    }

    private static void copyParams(Layer layer, NodeRewrite r) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
                long[] shape = r.shapes.get(e.getKey());
                INDArray target = e.getValue();
                if (shape == null || !Arrays.equals(shape, target.shape())) {
                    throw new IllegalStateException("compacted layer '" + r.node.name + "' parameter '" + e.getKey()
                            + "' has shape " + Arrays.toString(target.shape()) + ", planned "
                            + Arrays.toString(shape));
                }
                target.assign(Nd4j.create(r.values.get(e.getKey()), shape, 'c').castTo(target.dataType()));
            }
        }
    }
}
