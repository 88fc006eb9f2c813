package io.github.dl4jpruning.compact;

import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.graph.ParamSlice;
import io.github.dl4jpruning.graph.PruningGroup;
import io.github.dl4jpruning.graph.SliceRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, group by group of the {@link DependencyGraph}, which units are dead and turns them into a {@link CutPlan}.
 * Reads the network, never changes it; every check that can fail runs here, before anything is built.
 *
 * <p>Unit {@code u} of a group is dead when every consumer's input slice for it is zero: nothing downstream reads it,
 * so removing it, with every slice of the group (producer outputs, BN gamma, beta and running statistics, consumer
 * inputs across residual adds and concatenations), leaves the network's function unchanged. This is what pruning at
 * {@code NEURONS} granularity writes, and what a saved pruned network keeps after its masks are gone. A unit whose
 * producer slices are zero instead is dead too when its constant output {@code f(0)} is zero or can be folded into the
 * next dense layers' biases ({@link ConstantFold}).
 */
final class CompactionPlan {
    private static final Logger log = LoggerFactory.getLogger(CompactionPlan.class);

    final CutPlan cuts = new CutPlan();
    /** Per layer, the output units (group units produced there) that are removed. */
    final Map<String, List<Integer>> removedOutputs = new LinkedHashMap<>();
    private final Map<String, double[]> flat = new HashMap<>();
    private final Model model;

    private CompactionPlan(Model model) {
        this.model = model;
    }

    /**
     * The cuts for every dead unit of every prunable group.
     *
     * @throws IllegalArgumentException if a group that cannot be pruned has dead units (the message names the group
     *                                  and why: e.g. the unsupported vertex it goes through)
     */
    static CompactionPlan of(Model model, DependencyGraph graph) {
        CompactionPlan plan = new CompactionPlan(model);
        ConstantFold fold = new ConstantFold(model, graph, plan);
        for (PruningGroup g : graph.groups()) {
            plan.plan(g, fold);
        }
        return plan;
    }

    private void plan(PruningGroup g, ConstantFold fold) {
        if (!g.prunable()) {
            rejectDeadUnits(g);
            return;
        }
        List<ParamSlice> consumers = g.slices(SliceRole.CONSUMER_INPUT);
        if (consumers.isEmpty()) {
            return;
        }
        boolean[] dead = new boolean[g.unitCount()];
        int deadCount = 0;
        for (int u = 0; u < dead.length; u++) {
            dead[u] = allZero(consumers, u) || fold.removable(g, u);
            deadCount += dead[u] ? 1 : 0;
        }
        if (deadCount == 0) {
            return;
        }
        if (deadCount == dead.length) {
            // A layer of width 0 is not a valid DL4J network; keep one (dead) unit.
            dead[0] = false;
            log.warn("every unit of group '{}' (layers {}) is dead; keeping one so the network stays valid", g.id(),
                    g.layers());
        }
        for (int u = 0; u < dead.length; u++) {
            if (dead[u]) {
                fold.foldIfNeeded(g, u);
                for (ParamSlice s : g.slices()) {
                    if (s.covers(u)) {
                        cuts.remove(s.layer(), s.paramKey(), s.dim(), s.indices(u));
                    }
                }
                for (String producer : g.producers()) {
                    removedOutputs.computeIfAbsent(producer, p -> new ArrayList<>()).add(u);
                }
            }
        }
    }

    /**
     * A group the graph cannot prune, with a unit pruned as a group pruner writes it (its producer outputs, and its
     * consumer inputs if the graph found any, all zero), is an error: the user expects it removed and it cannot be. A
     * group that only reaches the network output is not: its units are the network's outputs.
     */
    private void rejectDeadUnits(PruningGroup g) {
        if (g.reason() != null && g.reason().startsWith("reaches the network output")) {
            return;
        }
        List<ParamSlice> producers = g.slices(SliceRole.PRODUCER_OUTPUT);
        List<ParamSlice> consumers = g.slices(SliceRole.CONSUMER_INPUT);
        for (int u = 0; u < g.unitCount(); u++) {
            if (allZero(producers, u) && (consumers.isEmpty() || allZero(consumers, u))) {
                throw new IllegalArgumentException("cannot compact unit " + u + " of group '" + g.id() + "' (layers "
                        + g.layers() + "): its weights are pruned, but the group " + g.reason());
            }
        }
    }

    /** Whether every slice in {@code slices} that covers unit {@code u} is zero there (and at least one does). */
    boolean allZero(List<ParamSlice> slices, int u) {
        boolean any = false;
        for (ParamSlice s : slices) {
            if (!s.covers(u)) {
                continue;
            }
            any = true;
            double[] v = values(s.fullKey());
            long[] shape = s.layout();
            int dim = s.dim();
            long inner = 1;
            for (int d = dim + 1; d < shape.length; d++) {
                inner *= shape[d];
            }
            long outer = v.length / (inner * shape[dim]);
            long size = shape[dim];
            for (long o = 0; o < outer; o++) {
                for (int i : s.indices(u)) {
                    long base = (o * size + i) * inner;
                    for (long k = 0; k < inner; k++) {
                        if (v[(int) (base + k)] != 0) {
                            return false;
                        }
                    }
                }
            }
        }
        return any;
    }


    /** A c-order copy of a parameter's values, read once. */
    double[] values(String fullKey) {
        return flat.computeIfAbsent(fullKey, k -> {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                return Nd4j.toFlattened('c', model.getParam(k)).toDoubleVector();
            }
        });
    }
}
