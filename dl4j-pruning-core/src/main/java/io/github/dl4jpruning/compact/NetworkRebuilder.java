package io.github.dl4jpruning.compact;

import io.github.dl4jpruning.graph.ParamLayout;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToRnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds the smaller network from a {@link CutPlan}: a clone of the original configuration (updater, activations,
 * loss, seed, epoch and iteration counters are kept) whose layer sizes follow the sliced parameter shapes
 * ({@link LayerResizer}), whose flatten preprocessors get the new channel count, initialised, then filled with the
 * sliced parameters. Vertices need no change: a {@code MergeVertex} takes its size from its inputs, an
 * {@code ElementWiseVertex}'s inputs shrink together because their channels are one group. The original network is
 * only read.
 */
final class NetworkRebuilder {

    private NetworkRebuilder() {
    }

    /** The compacted network; throws before building anything if a layer or preprocessor cannot take the cuts. */
    static Model build(Model model, CutPlan plan) {
        if (model instanceof MultiLayerNetwork net) {
            MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
            for (int i = 0; i < conf.getConfs().size(); i++) {
                String name = String.valueOf(i);
                resize(name, conf.getConf(i).getLayer(), net.getLayer(i), plan);
                InputPreProcessor p = conf.getInputPreProcess(i);
                if (p != null) {
                    conf.getInputPreProcessors().put(i, rechannel(name, p, conf.getConf(i).getLayer(),
                            net.getLayer(i).conf().getLayer()));
                }
            }
            MultiLayerNetwork out = new MultiLayerNetwork(conf);
            out.init();
            for (int i = 0; i < conf.getConfs().size(); i++) {
                copyParams(String.valueOf(i), net.getLayer(i), out.getLayer(i), plan);
            }
            return out;
        }
        ComputationGraph graph = (ComputationGraph) model;
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        Map<String, GraphVertex> vertices = conf.getVertices();
        for (Map.Entry<String, GraphVertex> e : vertices.entrySet()) {
            if (e.getValue() instanceof LayerVertex v) {
                Layer live = graph.getLayer(e.getKey());
                resize(e.getKey(), v.getLayerConf().getLayer(), live, plan);
                if (v.getPreProcessor() != null) {
                    v.setPreProcessor(rechannel(e.getKey(), v.getPreProcessor(), v.getLayerConf().getLayer(),
                            live.conf().getLayer()));
                }
            }
        }
        rechannelPreprocessorVertices(graph, conf);
        ComputationGraph out = new ComputationGraph(conf);
        out.init();
        for (Layer l : graph.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            copyParams(name, l, out.getLayer(name), plan);
        }
        return out;
    }

    private static void resize(String name, org.deeplearning4j.nn.conf.layers.Layer conf, Layer live, CutPlan plan) {
        if (!plan.touches(name)) {
            return;
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        live.paramTable().forEach((k, v) -> shapes.put(k, plan.newShape(name, k, ParamLayout.of(conf, k, v.shape()))));
        LayerResizer.resize(name, conf, shapes);
    }

    /** A flatten in front of a layer whose {@code nIn} shrank loses the same channels. */
    private static InputPreProcessor rechannel(String name, InputPreProcessor p,
                                               org.deeplearning4j.nn.conf.layers.Layer now,
                                               org.deeplearning4j.nn.conf.layers.Layer before) {
        if (!(now instanceof FeedForwardLayer n) || !(before instanceof FeedForwardLayer b) || n.getNIn() == b.getNIn()) {
            return p;
        }
        if (p instanceof CnnToFeedForwardPreProcessor f) {
            CnnToFeedForwardPreProcessor c = f.clone();
            c.setNumChannels(channels(name, n, f.getInputHeight() * f.getInputWidth()));
            return c;
        }
        if (p instanceof CnnToRnnPreProcessor f) {
            CnnToRnnPreProcessor c = f.clone();
            c.setNumChannels(channels(name, n, f.getInputHeight() * f.getInputWidth()));
            return c;
        }
        return p;
    }

    private static long channels(String name, FeedForwardLayer layer, long area) {
        if (layer.getNIn() % area != 0) {
            throw new IllegalArgumentException("layer '" + name + "' would read " + layer.getNIn() + " inputs through a "
                    + "flatten of " + area + " positions per channel; expected a multiple of " + area);
        }
        return layer.getNIn() / area;
    }

    /** A {@code PreprocessorVertex} flattening channels takes the new channel count from the layer it feeds. */
    private static void rechannelPreprocessorVertices(ComputationGraph graph, ComputationGraphConfiguration conf) {
        Map<String, List<String>> inputs = conf.getVertexInputs();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof PreprocessorVertex pv)) {
                continue;
            }
            for (Map.Entry<String, List<String>> c : inputs.entrySet()) {
                if (c.getValue().size() == 1 && c.getValue().get(0).equals(e.getKey())
                        && conf.getVertices().get(c.getKey()) instanceof LayerVertex lv) {
                    InputPreProcessor p = rechannel(c.getKey(), pv.getPreProcessor(), lv.getLayerConf().getLayer(),
                            graph.getLayer(c.getKey()).conf().getLayer());
                    conf.getVertices().put(e.getKey(), new PreprocessorVertex(p));
                    break;
                }
            }
        }
    }

    private static void copyParams(String name, Layer from, Layer to, CutPlan plan) {
        org.deeplearning4j.nn.conf.layers.Layer before = from.conf().getLayer();
        org.deeplearning4j.nn.conf.layers.Layer after = to.conf().getLayer();
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (Map.Entry<String, INDArray> e : to.paramTable().entrySet()) {
                INDArray source = from.paramTable().get(e.getKey());
                INDArray target = e.getValue();
                long[] layout = source == null ? null : ParamLayout.of(before, e.getKey(), source.shape());
                long[] planned = layout == null ? null : plan.newShape(name, e.getKey(), layout);
                if (planned == null || !Arrays.equals(planned, ParamLayout.of(after, e.getKey(), target.shape()))) {
                    throw new IllegalStateException("compacted layer '" + name + "' parameter '" + e.getKey()
                            + "' has shape " + Arrays.toString(target.shape()) + ", planned "
                            + (planned == null ? "nothing" : Arrays.toString(planned)));
                }
                double[] values = plan.slice(name, e.getKey(), source, layout);
                target.assign(Nd4j.create(values, target.shape(), 'c').castTo(target.dataType()));
            }
        }
    }
}
