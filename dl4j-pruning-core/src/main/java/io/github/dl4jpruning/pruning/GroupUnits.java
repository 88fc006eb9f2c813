package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.graph.ParamSlice;
import io.github.dl4jpruning.graph.PruningGroup;
import io.github.dl4jpruning.graph.SliceRole;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.select.LayerScores;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Structured pruning by the dependency graph's groups: unit {@code u} of a group (a neuron, a filter and the
 * BatchNormalization channel after it, an LSTM hidden unit, the same channel of every branch of a residual add) owns
 * every coupled parameter slice of the group. Its importance is the criterion's importance summed over the weights of
 * the group's producer and consumer weight arrays that are still alive; its cost is the summed cost of those weights
 * plus each producer's per-neuron cost. A pruned unit gets zero masks on every maskable slice: the producers' weights
 * and biases, BatchNormalization gamma AND beta (so the channel outputs exactly 0 after the BN, in training and in
 * inference) and every consumer's input slice.
 *
 * <p>A group is represented in selection by the {@link PrunableLayer} of its first included producer. Groups that are
 * not prunable (they reach the network output, or pass an unsupported layer or vertex) are left out with a logged
 * reason; naming such a layer explicitly is an error whose message gives the reason.
 */
final class GroupUnits implements UnitStrategy {
    private static final Logger log = LoggerFactory.getLogger(GroupUnits.class);

    private final PruningConfig config;
    /** Per candidate of the current step: units its minimum keeps where that minimum binds, else -1. */
    private final Map<String, Integer> keptByRule = new java.util.HashMap<>();

    GroupUnits(PruningConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "neurons";
    }

    @Override
    public List<PrunableLayer> prunable(NetworkAdapter net, List<PrunableLayer> included) {
        Set<String> named = new LinkedHashSet<>();
        config.filter().include().forEach(n -> named.add(net.canonicalName(n)));
        List<PrunableLayer> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (PrunableLayer l : included) {
            if (l.name().contains("/")) {
                continue;   // a second weight array ("lstm/RW"): its units are the layer's
            }
            Optional<PruningGroup> g = net.graph().groupProducedBy(l.name());
            if (g.isEmpty()) {
                if (named.contains(l.name())) {
                    throw new IllegalArgumentException("layer '" + l.name() + "' cannot be pruned by neurons: its "
                            + "outputs are the network's outputs (" + l.kind() + ")");
                }
                log.info("Layer '{}' is not pruned by neurons: its outputs are the network's outputs", l.name());
                continue;
            }
            PruningGroup group = g.get();
            if (!group.prunable()) {
                if (named.contains(l.name())) {
                    throw new IllegalArgumentException("layer '" + l.name() + "' cannot be pruned by neurons: its group '"
                            + group.id() + "' " + group.reason());
                }
                log.info("Layer '{}' is not pruned by neurons: its group '{}' {}", l.name(), group.id(), group.reason());
                continue;
            }
            if (seen.add(group.id())) {
                out.add(l);
            }
        }
        return out;
    }

    static PruningGroup groupOf(NetworkAdapter net, PrunableLayer l) {
        return net.graph().groupProducedBy(l.name()).orElseThrow(() -> new IllegalStateException(
                "layer '" + l.name() + "' produces no group"));
    }

    @Override
    public List<PrunableLayer> scored(NetworkAdapter net, List<PrunableLayer> layers) {
        Set<PrunableLayer> all = new LinkedHashSet<>(layers);
        for (PrunableLayer l : layers) {
            Set<String> keys = groupOf(net, l).paramKeys();
            for (PrunableLayer other : net.layers()) {
                if (keys.contains(other.weightKey())) {
                    all.add(other);
                }
            }
        }
        return new ArrayList<>(all);
    }

    @Override
    public LayerScores units(PrunableLayer layer, Map<String, ScoredLayer> scored, double[] limits, EnergyModel model) {
        throw new UnsupportedOperationException("group units need the network: use units(net, ...)");
    }

    @Override
    public LayerScores units(NetworkAdapter net, PrunableLayer layer, Map<String, ScoredLayer> scored, double[] limits,
                             EnergyModel model) {
        PruningGroup group = groupOf(net, layer);
        int n = group.unitCount();
        double[] importance = new double[n];
        double[] cost = new double[n];
        boolean[] alive = new boolean[n];
        Map<String, ScoredLayer> byKey = new java.util.HashMap<>();
        scored.values().forEach(s -> byKey.put(s.layer().weightKey(), s));
        Set<String> priced = new java.util.HashSet<>();
        for (ParamSlice slice : group.slices()) {
            ScoredLayer s = byKey.get(slice.fullKey());
            if (s == null) {
                continue;
            }
            boolean producer = slice.role() == SliceRole.PRODUCER_OUTPUT;
            for (int i = 0; i < s.alive().length; i++) {
                int u = slice.unitOf(i);
                if (u < 0) {
                    continue;
                }
                if (s.alive()[i]) {
                    alive[u] |= producer;
                    importance[u] += s.importance()[i];
                }
                cost[u] += s.cost() == null ? 0 : s.cost()[i];
            }
            if (producer && priced.add(s.layer().name())) {
                PrunableLayer p = s.layer();
                double perNeuron = p.usesPerInference() > 0
                        ? model.neuronComputeCost(p) + model.neuronMemoryCost(p) : 0;
                for (int u = 0; u < n; u++) {
                    cost[u] += perNeuron;
                }
            }
        }
        int keep = config.unitsKept(n);
        double max = Math.min(limits[1], n == 0 ? 1 : (double) (n - keep) / n);
        keptByRule.put(layer.name(), limits[1] > max ? keep : -1);
        return new LayerScores(layer.name(), importance, cost, alive, Math.min(limits[0], max), max);
    }

    /**
     * Divides each candidate's importances by the mean importance of its alive units when candidates of several
     * layers compete (global scope). Raw sums are not comparable across layers: a unit's importance sums over its
     * fan-in and fan-out (2304 weights for a 3x3 filter over 256 channels, 128 for a small dense neuron), so the
     * layers with large fan-in would never lose a unit and small ones would be emptied. After the division a unit's
     * score is its importance relative to its own layer, and every layer is pruned where its units are weaker than
     * its average. This is Torch-Pruning's default {@code normalizer='mean'} ({@code group_imp / group_imp.mean()}).
     * Dividing by a positive constant keeps the order within a layer, so per-layer selection is unchanged.
     */
    @Override
    public List<LayerScores> normalise(List<LayerScores> candidates, Scope scope) {
        if (scope != Scope.GLOBAL || candidates.size() < 2) {
            return candidates;
        }
        List<LayerScores> out = new ArrayList<>();
        for (LayerScores c : candidates) {
            double sum = 0;
            int n = 0;
            for (int i = 0; i < c.size(); i++) {
                if (c.alive()[i]) {
                    sum += c.importance()[i];
                    n++;
                }
            }
            double mean = n == 0 ? 0 : sum / n;
            if (!(mean > 0) || !Double.isFinite(mean)) {
                out.add(c);
                continue;
            }
            double[] imp = new double[c.size()];
            for (int i = 0; i < imp.length; i++) {
                imp[i] = c.importance()[i] / mean;
            }
            out.add(new LayerScores(c.layer(), imp, c.cost(), c.alive(), c.minSparsity(), c.maxSparsity(),
                    c.fixedCost()));
        }
        return out;
    }

    /**
     * An energy target is selected by {@link GroupEnergySelect}, which prices each weight once although it belongs to
     * a unit of two groups (a consumer's input slice and its own output slice); a sparsity target by the
     * {@link io.github.dl4jpruning.select.Selector}.
     */
    @Override
    public List<boolean[]> select(NetworkAdapter net, Map<String, ScoredLayer> scored, List<LayerScores> candidates,
                                  Target target, Scope scope) {
        if (target.kind() != Target.Kind.ENERGY) {
            return UnitStrategy.super.select(net, scored, candidates, target, scope);
        }
        List<PruningGroup> groups = new ArrayList<>();
        for (LayerScores c : candidates) {
            groups.add(net.graph().groupProducedBy(c.layer()).orElseThrow(() -> new IllegalStateException(
                    "layer '" + c.layer() + "' produces no group")));
        }
        return GroupEnergySelect.select(candidates, groups, scored, config.energyModel(), target, scope);
    }

    /**
     * A sparsity target that needs more units than the per-layer minimums ({@link PruningConfig#unitsKept}) leave
     * fails here, before anything is written.
     */
    @Override
    public void checkReachable(List<LayerScores> candidates, Target target, Scope scope) {
        if (target.kind() != Target.Kind.SPARSITY) {
            return;
        }
        if (scope == Scope.GLOBAL) {
            check(candidates, target);
        } else {
            candidates.forEach(c -> check(List.of(c), target));
        }
    }

    private void check(List<LayerScores> pool, Target target) {
        long units = 0;
        long max = 0;
        long maxWithoutRule = 0;
        StringBuilder binding = new StringBuilder();
        for (LayerScores c : pool) {
            units += c.size();
            long m = (long) Math.floor(c.maxSparsity() * c.size() + 1e-9);
            max += m;
            int kept = keptByRule.getOrDefault(c.layer(), -1);
            maxWithoutRule += kept < 0 ? m : c.size();
            if (kept >= 0) {
                binding.append(binding.length() == 0 ? "" : ", ").append("layer '").append(c.layer())
                        .append("' keeps ").append(kept).append(" of ").append(c.size());
            }
        }
        long goal = Math.round(target.value() * units);
        if (goal > max && maxWithoutRule > max) {
            throw new IllegalArgumentException("target sparsity " + target.value() + " needs " + goal + " of " + units
                    + " units pruned, but every layer keeps its minimum of units, so at most " + max + " can be: "
                    + binding + "; lower the target, or allow emptier layers with "
                    + "PruningConfig.builder().minUnitsKept(atLeast, fraction) (minUnitsKept(0, 0) allows emptying)");
        }
    }

    @Override
    public void write(NetworkAdapter net, PruneMasks masks, PrunableLayer layer, Map<String, ScoredLayer> scored,
                      boolean[] alive) {
        for (ParamSlice slice : groupOf(net, layer).slices()) {
            if (!slice.maskable()) {
                continue;
            }
            double[] m = masks.values(slice.fullKey(), slice.shape());
            for (int u = slice.unitFrom(); u < slice.unitTo(); u++) {
                if (!alive[u]) {
                    slice.zeroUnit(m, u);
                }
            }
            masks.put(slice.fullKey(), slice.shape(), m);
        }
    }
}
