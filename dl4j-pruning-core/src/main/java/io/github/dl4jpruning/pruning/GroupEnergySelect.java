package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.graph.ParamSlice;
import io.github.dl4jpruning.graph.PruningGroup;
import io.github.dl4jpruning.graph.SliceRole;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.select.LayerScores;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Selection of structured units (the dependency graph's groups) for an energy target, priced exactly. Units of
 * different groups share weights: a dense layer's weight {@code W[i][j]} is in input slice {@code i} of the group
 * before it and in output slice {@code j} of its own group. Summing each unit's cost over its slices, as a per-weight
 * selection does, counts such a weight once per group in the total and once per pruned unit in the savings; the
 * budget is then a share of an inflated total and the step removes far more than asked (30% of an MLP's energy for a
 * 20% target). Here the pool's total is the energy of every layer a unit of the pool owns weights of, each weight
 * priced once, plus the neuron costs of those layers; units are pruned in rank order (the order of
 * {@link io.github.dl4jpruning.select.Selector}: minimums first, then lowest importance, ties by layer order then
 * unit index, at most each layer's maximum), each pruned unit subtracting only the cost of its weights still alive
 * and its producers' neuron costs, until the alive energy is at most {@code (1 - target) * total}. The step so meets
 * the target and overshoots it by at most the last unit's energy.
 */
final class GroupEnergySelect {

    private GroupEnergySelect() {
    }

    /**
     * Selects units of {@code candidates} (one per group, {@code groups[k]} is the group of candidate {@code k}).
     *
     * @throws IllegalArgumentException if a layer the units own was scored without costs
     */
    static List<boolean[]> select(List<LayerScores> candidates, List<PruningGroup> groups,
                                  Map<String, ScoredLayer> scored, EnergyModel model, Target target, Scope scope) {
        List<boolean[]> out = new ArrayList<>();
        for (LayerScores c : candidates) {
            out.add(c.alive().clone());
        }
        if (scope == Scope.GLOBAL) {
            int[] all = new int[candidates.size()];
            Arrays.setAll(all, i -> i);
            new Pool(candidates, groups, scored, model, out, all).select(target);
        } else {
            for (int k = 0; k < candidates.size(); k++) {
                new Pool(candidates, groups, scored, model, out, new int[] {k}).select(target);
            }
        }
        return out;
    }

    /** The candidates ranked together, with a working copy of the alive flags of every weight their units own. */
    private static final class Pool {
        private final List<LayerScores> candidates;
        private final List<PruningGroup> groups;
        private final EnergyModel model;
        private final List<boolean[]> out;
        private final int[] members;
        private final Map<String, ScoredLayer> byKey = new HashMap<>();
        private final Map<String, boolean[]> aliveWeights = new LinkedHashMap<>();
        private double total;
        private double current;

        Pool(List<LayerScores> candidates, List<PruningGroup> groups, Map<String, ScoredLayer> scored,
             EnergyModel model, List<boolean[]> out, int[] members) {
            this.candidates = candidates;
            this.groups = groups;
            this.model = model;
            this.out = out;
            this.members = members;
            scored.values().forEach(s -> byKey.put(s.layer().weightKey(), s));
            for (int k : members) {
                for (ParamSlice slice : groups.get(k).slices()) {
                    ScoredLayer s = byKey.get(slice.fullKey());
                    if (s == null || aliveWeights.containsKey(slice.fullKey())) {
                        continue;
                    }
                    if (s.cost() == null) {
                        throw new IllegalArgumentException("layer '" + s.layer().name() + "' has no energy costs; an "
                                + "energy target needs a cost per unit (score the layers with costs)");
                    }
                    aliveWeights.put(slice.fullKey(), s.alive().clone());
                    double neuron = neuronCost(s.layer());
                    total += neuron * s.layer().nOut();
                    current += neuron * s.layer().nOut();
                    for (int i = 0; i < s.cost().length; i++) {
                        total += s.cost()[i];
                        current += s.alive()[i] ? s.cost()[i] : 0;
                    }
                }
            }
            // Producer neurons of units pruned before this step cost nothing any more.
            for (int k : members) {
                boolean[] alive = candidates.get(k).alive();
                for (int u = 0; u < alive.length; u++) {
                    if (!alive[u]) {
                        current -= producerNeuronCost(k, u);
                    }
                }
            }
        }

        private double neuronCost(PrunableLayer l) {
            return l.usesPerInference() > 0 ? model.neuronComputeCost(l) + model.neuronMemoryCost(l) : 0;
        }

        private double producerNeuronCost(int k, int u) {
            double c = 0;
            for (ParamSlice slice : groups.get(k).slices(SliceRole.PRODUCER_OUTPUT)) {
                ScoredLayer s = byKey.get(slice.fullKey());
                if (s != null && slice.covers(u)) {
                    c += neuronCost(s.layer());
                }
            }
            return c;
        }

        /** Prunes unit {@code u} of candidate {@code k}: its weights still alive and its producers' neurons. */
        private void prune(int k, int u) {
            out.get(k)[u] = false;
            current -= producerNeuronCost(k, u);
            for (ParamSlice slice : groups.get(k).slices()) {
                boolean[] alive = aliveWeights.get(slice.fullKey());
                if (alive == null || !slice.covers(u)) {
                    continue;
                }
                double[] cost = byKey.get(slice.fullKey()).cost();
                long[] layout = slice.layout();
                long inner = 1;
                for (int d = slice.dim() + 1; d < layout.length; d++) {
                    inner *= layout[d];
                }
                long outer = 1;
                for (int d = 0; d < slice.dim(); d++) {
                    outer *= layout[d];
                }
                long size = layout[slice.dim()];
                int[] idx = slice.indices(u);
                for (long o = 0; o < outer; o++) {
                    for (int i : idx) {
                        long base = (o * size + i) * inner;
                        for (long e = 0; e < inner; e++) {
                            int f = (int) (base + e);
                            if (alive[f]) {
                                alive[f] = false;
                                current -= cost[f];
                            }
                        }
                    }
                }
            }
        }

        void select(Target target) {
            long[] left = new long[members.length];
            List<int[]> ranked = new ArrayList<>();
            for (int p = 0; p < members.length; p++) {
                int k = members[p];
                LayerScores c = candidates.get(k);
                boolean[] alive = out.get(k);
                long pruned = 0;
                for (boolean a : alive) {
                    pruned += a ? 0 : 1;
                }
                long max = (long) Math.floor(c.maxSparsity() * c.size() + 1e-9);
                long raise = Math.min((long) Math.ceil(c.minSparsity() * c.size() - 1e-9), max) - pruned;
                List<int[]> own = new ArrayList<>();
                for (int u = 0; u < alive.length; u++) {
                    if (alive[u]) {
                        own.add(new int[] {p, u});
                    }
                }
                own.sort((a, b) -> compare(a, b));
                int next = 0;
                for (; raise > 0 && next < own.size(); raise--, next++, pruned++) {
                    prune(k, own.get(next)[1]);
                }
                left[p] = max - pruned;
                ranked.addAll(own.subList(next, own.size()));
            }
            double budget = (1 - target.value()) * total;
            ranked.sort((a, b) -> compare(a, b));
            for (int[] unit : ranked) {
                if (current <= budget + 1e-12 * total) {
                    return;
                }
                if (left[unit[0]] > 0) {
                    left[unit[0]]--;
                    prune(members[unit[0]], unit[1]);
                }
            }
        }

        /** Lowest importance first; ties by layer order, then unit index. */
        private int compare(int[] a, int[] b) {
            int c = Double.compare(candidates.get(members[a[0]]).importance()[a[1]],
                    candidates.get(members[b[0]]).importance()[b[1]]);
            if (c != 0) {
                return c;
            }
            return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
        }
    }
}
