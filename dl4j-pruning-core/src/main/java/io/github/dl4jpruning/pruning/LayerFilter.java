package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which prunable layers take part: all of them by default, or those named (by index or DL4J layer name in a
 * {@code MultiLayerNetwork}, by vertex name in a {@code ComputationGraph}), minus those excluded.
 */
record LayerFilter(Set<String> include, Set<String> exclude) {

    LayerFilter {
        include = new LinkedHashSet<>(include);
        exclude = new LinkedHashSet<>(exclude);
    }

    /** The included layers, after checking that every named layer exists and is prunable. */
    List<PrunableLayer> resolve(NetworkAdapter net) {
        for (String name : union()) {
            if (net.layer(name).isEmpty()) {
                String why = net.skippedLayers().get(net.canonicalName(name));
                if (why != null) {
                    throw new IllegalArgumentException("layer '" + name + "' cannot be pruned: " + why);
                }
                throw new IllegalArgumentException("unknown layer '" + name + "'; prunable layers are "
                        + net.layerNamesWithAliases());
            }
        }
        Set<String> in = canonical(include, net);
        Set<String> out0 = canonical(exclude, net);
        List<PrunableLayer> out = new ArrayList<>();
        for (PrunableLayer l : net.layers()) {
            // A layer's second weight array ("lstm/RW") goes with the layer.
            String layer = l.name().contains("/") ? l.name().substring(0, l.name().indexOf('/')) : l.name();
            boolean named = in.contains(l.name()) || in.contains(layer);
            if ((in.isEmpty() || named) && !out0.contains(l.name()) && !out0.contains(layer)) {
                out.add(l);
            }
        }
        return out;
    }

    private static Set<String> canonical(Set<String> names, NetworkAdapter net) {
        Set<String> out = new LinkedHashSet<>();
        names.forEach(n -> out.add(net.canonicalName(n)));
        return out;
    }

    private Set<String> union() {
        Set<String> all = new LinkedHashSet<>(include);
        all.addAll(exclude);
        return all;
    }
}
