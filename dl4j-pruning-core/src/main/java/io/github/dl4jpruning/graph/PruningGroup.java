package io.github.dl4jpruning.graph;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One structured pruning group: {@link #unitCount} units (neurons, filters/channels, LSTM hidden units) that are
 * removed together with every coupled {@link ParamSlice}: the producers' output slices, the per-channel parameters
 * that follow them (BatchNormalization, depthwise kernels) and every consumer's input slice. Branches joined by an
 * {@code ElementWiseVertex} are one group: their channel {@code u} is pruned in all of them at once.
 *
 * <pre>{@code
 * for (PruningGroup g : DependencyGraph.of(net, inputType).groups()) {
 *     if (!g.prunable()) log.info("{} left alone: {}", g.id(), g.reason());
 * }
 * }</pre>
 *
 * @param id        stable name: the topologically first producer's layer name
 * @param unitCount number of units
 * @param producers the layers whose outputs these units are (more than one after a residual add)
 * @param slices    every coupled parameter slice
 * @param reason    why the group is not prunable (e.g. it feeds the network output, or goes through an unsupported
 *                  vertex, naming it), or {@code null} if it is
 */
public record PruningGroup(String id, int unitCount, List<String> producers, List<ParamSlice> slices, String reason) {

    /** Copies the lists. */
    public PruningGroup {
        producers = List.copyOf(producers);
        slices = List.copyOf(slices);
    }

    /** Whether the group can be pruned. */
    public boolean prunable() {
        return reason == null;
    }

    /** The slices of one role. */
    public List<ParamSlice> slices(SliceRole role) {
        List<ParamSlice> out = new ArrayList<>();
        for (ParamSlice s : slices) {
            if (s.role() == role) {
                out.add(s);
            }
        }
        return out;
    }

    /** Every layer with a slice in this group, in slice order. */
    public Set<String> layers() {
        Set<String> out = new LinkedHashSet<>();
        slices.forEach(s -> out.add(s.layer()));
        return out;
    }

    /** The network parameter keys with a slice in this group. */
    public Set<String> paramKeys() {
        Set<String> out = new LinkedHashSet<>();
        slices.forEach(s -> out.add(s.fullKey()));
        return out;
    }
}
