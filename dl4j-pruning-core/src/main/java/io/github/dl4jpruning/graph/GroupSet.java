package io.github.dl4jpruning.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Groups while the graph is built: a union-find over group drafts, each with its slices and reasons. */
final class GroupSet {

    private static final class Draft {
        final String id;
        final int units;
        final List<String> producers = new ArrayList<>();
        final Set<ParamSlice> slices = new LinkedHashSet<>();
        final Set<String> reasons = new LinkedHashSet<>();

        Draft(String id, int units) {
            this.id = id;
            this.units = units;
        }
    }

    private final List<Draft> drafts = new ArrayList<>();
    private final List<Integer> parent = new ArrayList<>();

    /** A new group of {@code units} units produced by {@code producer}. */
    int create(String producer, int units) {
        Draft d = new Draft(producer, units);
        d.producers.add(producer);
        drafts.add(d);
        parent.add(drafts.size() - 1);
        return drafts.size() - 1;
    }

    int root(int g) {
        while (parent.get(g) != g) {
            parent.set(g, parent.get(parent.get(g)));
            g = parent.get(g);
        }
        return g;
    }

    int units(int g) {
        return drafts.get(root(g)).units;
    }

    /** Merges two groups (a residual add); the earlier-created one names the result. */
    void union(int a, int b) {
        int ra = root(a);
        int rb = root(b);
        if (ra == rb) {
            return;
        }
        int keep = Math.min(ra, rb);
        int drop = Math.max(ra, rb);
        parent.set(drop, keep);
        Draft k = drafts.get(keep);
        Draft d = drafts.get(drop);
        k.producers.addAll(d.producers);
        k.slices.addAll(d.slices);
        k.reasons.addAll(d.reasons);
    }

    void add(int g, ParamSlice s) {
        drafts.get(root(g)).slices.add(s);
    }

    void reject(int g, String reason) {
        drafts.get(root(g)).reasons.add(reason);
    }

    /** The finished groups, in order of their first producer. */
    List<PruningGroup> build() {
        Map<Integer, PruningGroup> out = new LinkedHashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            int r = root(i);
            if (r != i || out.containsKey(r)) {
                continue;
            }
            Draft d = drafts.get(r);
            String reason = d.reasons.isEmpty() ? null : String.join("; ", d.reasons);
            out.put(r, new PruningGroup(d.id, d.units, d.producers, new ArrayList<>(d.slices), reason));
        }
        return new ArrayList<>(out.values());
    }
}
