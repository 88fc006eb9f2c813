package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.LayerKind;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.select.LayerScores;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Structured pruning: neuron (or filter) {@code o} of a layer is a unit that owns its incoming weights, its bias and
 * the weights of the successor layer that read it. Output layers, and layers no prunable layer reads directly, are
 * left out.
 */
final class NeuronUnits implements UnitStrategy {
    private static final Logger log = LoggerFactory.getLogger(NeuronUnits.class);

    @Override
    public String name() {
        return "neurons";
    }

    @Override
    public List<PrunableLayer> prunable(NetworkAdapter net, List<PrunableLayer> included) {
        List<PrunableLayer> structured = new ArrayList<>();
        for (PrunableLayer l : included) {
            if (l.kind() == LayerKind.OUTPUT) {
                continue;
            }
            PrunableLayer succ = l.successor() == null ? null : net.layer(l.successor()).orElse(null);
            if (succ == null) {
                log.info("Layer '{}' is not pruned by neurons: no prunable layer reads its output directly", l.name());
                continue;
            }
            if (succ.kind() == LayerKind.CONV2D && succ.nIn() != l.nOut()
                    || succ.kind() != LayerKind.CONV2D && succ.nIn() % l.nOut() != 0) {
                log.info("Layer '{}' is not pruned by neurons: its successor '{}' has nIn={} for {} outputs",
                        l.name(), succ.name(), succ.nIn(), l.nOut());
                continue;
            }
            structured.add(l);
        }
        return structured;
    }

    @Override
    public List<PrunableLayer> scored(NetworkAdapter net, List<PrunableLayer> layers) {
        Set<PrunableLayer> all = new LinkedHashSet<>(layers);
        for (PrunableLayer l : layers) {
            all.add(net.layer(l.successor()).orElseThrow());
        }
        return new ArrayList<>(all);
    }

    @Override
    public LayerScores units(PrunableLayer layer, Map<String, ScoredLayer> scored, double[] limits, EnergyModel model) {
        ScoredLayer s = scored.get(layer.name());
        ScoredLayer succ = scored.get(layer.successor());
        int n = (int) layer.nOut();
        double[] importance = new double[n];
        double[] cost = new double[n];
        boolean[] alive = new boolean[n];
        for (int i = 0; i < s.mask().length; i++) {
            int o = layer.outputIndexOf(i);
            if (s.mask()[i] != 0) {
                alive[o] = true;
                importance[o] += s.importance()[i];
            }
            cost[o] += s.cost()[i];
        }
        double perNeuron = layer.usesPerInference() > 0
                ? model.neuronComputeCost(layer) + model.neuronMemoryCost(layer) : 0;
        for (int o = 0; o < n; o++) {
            cost[o] += perNeuron;
        }
        for (int i = 0; i < succ.mask().length; i++) {
            int o = readBy(layer, succ.layer(), i);
            if (succ.mask()[i] != 0) {
                importance[o] += succ.importance()[i];
            }
            cost[o] += succ.cost()[i];
        }
        return new LayerScores(layer.name(), importance, cost, alive, limits[0], limits[1]);
    }

    @Override
    public void write(NetworkAdapter net, PruneMasks masks, PrunableLayer layer, Map<String, ScoredLayer> scored,
                      boolean[] alive) {
        PrunableLayer succ = scored.get(layer.successor()).layer();
        double[] w = masks.values(layer.weightKey(), layer.weightShape());
        for (int i = 0; i < w.length; i++) {
            if (!alive[layer.outputIndexOf(i)]) {
                w[i] = 0;
            }
        }
        masks.put(layer.weightKey(), layer.weightShape(), w);
        if (layer.biasKey() != null) {
            long[] shape = net.param(layer.biasKey()).shape();
            double[] b = masks.values(layer.biasKey(), shape);
            for (int o = 0; o < b.length; o++) {
                if (!alive[o]) {
                    b[o] = 0;
                }
            }
            masks.put(layer.biasKey(), shape, b);
        }
        double[] next = masks.values(succ.weightKey(), succ.weightShape());
        for (int i = 0; i < next.length; i++) {
            if (!alive[readBy(layer, succ, i)]) {
                next[i] = 0;
            }
        }
        masks.put(succ.weightKey(), succ.weightShape(), next);
    }

    /** Which output neuron/filter of {@code layer} the successor's weight {@code i} reads. */
    static int readBy(PrunableLayer layer, PrunableLayer succ, int i) {
        int in = succ.inputIndexOf(i);
        if (succ.kind() == LayerKind.CONV2D) {
            return in;
        }
        // A dense layer after a convolution reads a flattened [C, H, W] volume, channel-major.
        return (int) (in / (succ.nIn() / layer.nOut()));
    }
}
