package io.github.dl4jpruning.network;

import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.graph.GraphNode;
import io.github.dl4jpruning.graph.NodeKind;
import java.util.List;
import java.util.Map;

/**
 * The prunable weight arrays of a network, read from its {@link DependencyGraph}: one {@link PrunableLayer} per array
 * unstructured pruning may prune. A layer's main array is named like the layer ({@code "0"}, {@code "conv1"}); a
 * second array is {@code layer + "/" + key}: {@code "lstm/RW"}, {@code "sep/pW"}. Layers with parameters that are
 * never pruned get a reason in {@code skipped}.
 */
final class GraphLayers {

    private GraphLayers() {
    }

    /**
     * @param inputKeys the activation key feeding each node (by node name), or no entry if the node reads several
     */
    static void read(DependencyGraph g, Map<String, String> inputKeys, List<PrunableLayer> layers,
                     Map<String, String> skipped) {
        for (GraphNode n : g.nodes()) {
            if (n.leftAloneReason() != null) {
                skipped.put(n.name(), n.leftAloneReason());
                continue;
            }
            if (n.weightKeys().isEmpty()) {
                if (n.hasParams()) {
                    skipped.put(n.name(), n.className() + " has no weights that unstructured pruning prunes"
                            + (n.kind() == NodeKind.BATCH_NORM ? "; its channels follow their filters' groups when "
                            + "pruning with Granularity.NEURONS" : ""));
                }
                continue;
            }
            String in = inputKeys.get(n.name());
            if (in == null) {
                skipped.put(n.name(), "layer vertex has " + n.inputs().size() + " inputs; only single-input layers are "
                        + "pruned weight by weight");
                continue;
            }
            add(n, in, layers);
        }
    }

    private static void add(GraphNode n, String in, List<PrunableLayer> layers) {
        String name = n.name();
        String w = n.weightKeys().get(0);
        long[] ws = n.params().get(w);
        String bias = n.params().containsKey(prefix(w) + "b") ? prefix(w) + "b" : null;
        long uses = n.usesPerInference();
        switch (n.kind()) {
            case DENSE -> layers.add(layer(name, LayerKind.DENSE, w, bias, in, name, ws[0], ws[1], ws, uses));
            case OUTPUT -> layers.add(layer(name, LayerKind.OUTPUT, w, bias, in, name, ws[0], ws[1], ws, uses));
            case CONV2D -> layers.add(layer(name, LayerKind.CONV2D, w, bias, in, name, ws[1], ws[0], ws, uses));
            case CONV1D -> layers.add(layer(name, LayerKind.CONV1D, w, bias, in, name, ws[1], ws[0], ws, uses));
            case DECONV2D -> layers.add(layer(name, LayerKind.DECONV2D, w, bias, in, name, ws[0], ws[1], ws, uses));
            case DEPTHWISE_CONV2D -> layers.add(layer(name, LayerKind.DEPTHWISE_CONV2D, w, bias, in, name, ws[2],
                    ws[2] * ws[3], ws, uses));
            case SEPARABLE_CONV2D -> {
                layers.add(layer(name, LayerKind.SEPARABLE_DEPTHWISE, w, null, in, name, ws[1], ws[0] * ws[1], ws,
                        uses));
                String pw = n.weightKeys().get(1);
                long[] ps = n.params().get(pw);
                layers.add(layer(name + "/pW", LayerKind.SEPARABLE_POINTWISE, pw, bias, null, name, ps[1], ps[0], ps,
                        uses));
            }
            case LSTM -> {
                long units = ws[1] / 4;
                layers.add(layer(name, LayerKind.LSTM_GATES, w, null, in, name, ws[0], units, ws, uses));
                String rw = n.weightKeys().get(1);
                layers.add(layer(name + "/RW", LayerKind.LSTM_GATES, rw, null, name, name, units, units,
                        n.params().get(rw), uses));
            }
            case GRAVES_LSTM -> layers.add(layer(name, LayerKind.LSTM_GATES, w, null, in, name, ws[0], ws[1] / 4, ws,
                    uses));
            case SIMPLE_RNN -> {
                layers.add(layer(name, LayerKind.DENSE, w, bias, in, name, ws[0], ws[1], ws, uses));
                String rw = n.weightKeys().get(1);
                long[] rs = n.params().get(rw);
                layers.add(layer(name + "/RW", LayerKind.DENSE, rw, null, name, name, rs[0], rs[1], rs, uses));
            }
            case EMBEDDING, EMBEDDING_SEQUENCE -> layers.add(layer(name, LayerKind.EMBEDDING, w, bias, null, name,
                    ws[0], ws[1], ws, uses));
            default -> throw new IllegalStateException("no weight layout for " + n.kind() + " '" + name + "'");
        }
    }

    private static String prefix(String fullKey) {
        return fullKey.substring(0, fullKey.lastIndexOf('_') + 1);
    }

    private static PrunableLayer layer(String name, LayerKind kind, String w, String b, String in, String out, long nIn,
                                       long nOut, long[] shape, long uses) {
        return new PrunableLayer(name, kind, w, b, in, out, nIn, nOut, shape, uses);
    }
}
