package io.github.dl4jpruning.compact;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer of either network type by its dependency-graph name (an index in a MultiLayerNetwork). */
final class Layers {

    private Layers() {
    }

    /** The live layer; {@code null} if there is none of that name. */
    static Layer layer(Model model, String name) {
        if (model instanceof MultiLayerNetwork net) {
            try {
                int i = Integer.parseInt(name);
                return i >= 0 && i < net.getnLayers() ? net.getLayer(i) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return ((ComputationGraph) model).getLayer(name);
    }

    /** The layer's configuration, or {@code null}. */
    static org.deeplearning4j.nn.conf.layers.Layer conf(Model model, String name) {
        Layer l = layer(model, name);
        return l == null ? null : l.conf().getLayer();
    }

    /** The live parameter {@code key} of the layer, or {@code null}. */
    static INDArray param(Model model, String name, String key) {
        Layer l = layer(model, name);
        return l == null ? null : l.paramTable().get(key);
    }
}
