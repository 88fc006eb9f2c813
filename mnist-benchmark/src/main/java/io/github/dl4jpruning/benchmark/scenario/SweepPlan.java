package io.github.dl4jpruning.benchmark.scenario;

import io.github.dl4jpruning.benchmark.harness.RowSpec;
import io.github.dl4jpruning.benchmark.harness.RunTarget;
import io.github.dl4jpruning.benchmark.harness.SeedResult;
import io.github.dl4jpruning.benchmark.results.RunResult;
import io.github.dl4jpruning.criteria.Criteria;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which rows the sweep runs, and which of them are repeated on every seed (the headline rows).
 *
 * <p>Full: {@link #CRITERIA} x {one-shot, agp} x {50, 80, 90, 95, 98% sparsity; 50, 80, 90% less energy} on the
 * first seed. Headline rows, repeated on the other seeds: at each target the best row of the first seed, the
 * document's criterion ({@code seed-energy}, one-shot), and at energy targets also the best energy-aware and the best
 * magnitude row (the comparison the energy-aware criterion has to win).
 */
public final class SweepPlan {

    /** The criteria, the control first (the core's list, so a new comparable criterion needs no edit here). */
    public static final List<String> CRITERIA = Criteria.compared();
    /** The schedules. */
    public static final List<String> SCHEDULES = List.of(RowSpec.ONE_SHOT, RowSpec.AGP);
    /** Sparsity targets. */
    public static final List<Double> SPARSITIES = List.of(0.5, 0.8, 0.9, 0.95, 0.98);
    /** Energy-reduction targets. */
    public static final List<Double> ENERGIES = List.of(0.5, 0.8, 0.9);

    private SweepPlan() {
    }

    /** Every target, sparsity first. */
    public static List<RunTarget> targets() {
        List<RunTarget> out = new ArrayList<>();
        SPARSITIES.forEach(v -> out.add(new RunTarget("sparsity", v)));
        ENERGIES.forEach(v -> out.add(new RunTarget("energy", v)));
        return out;
    }

    /** The full grid, grouped by target. */
    public static List<RowSpec> full() {
        List<RowSpec> rows = new ArrayList<>();
        for (RunTarget t : targets()) {
            for (String c : CRITERIA) {
                for (String s : SCHEDULES) {
                    rows.add(new RowSpec(c, s, t));
                }
            }
        }
        return rows;
    }

    /** A few rows for {@code --quick}: three criteria one-shot at 90% sparsity and 80% less energy, one AGP row. */
    public static List<RowSpec> quick() {
        List<RowSpec> rows = new ArrayList<>();
        for (RunTarget t : List.of(new RunTarget("sparsity", 0.9), new RunTarget("energy", 0.8))) {
            for (String c : List.of("magnitude", "seed-energy", "energy-aware")) {
                rows.add(new RowSpec(c, RowSpec.ONE_SHOT, t));
            }
        }
        rows.add(new RowSpec("energy-aware", RowSpec.AGP, new RunTarget("sparsity", 0.9)));
        return rows;
    }

    /**
     * The rows to repeat on the other seeds, from the first seed's accuracies after retraining.
     *
     * @param firstSeed accuracy after retraining of every row on the first seed
     */
    public static List<RowSpec> headline(Map<RowSpec, Double> firstSeed) {
        Set<RowSpec> out = new LinkedHashSet<>();
        Comparator<RowSpec> byAccuracy = Comparator.comparingDouble(firstSeed::get);
        List<RunTarget> seen = firstSeed.keySet().stream().map(RowSpec::target).distinct().toList();
        for (RunTarget t : seen) {
            List<RowSpec> atTarget = firstSeed.keySet().stream().filter(r -> r.target().equals(t)).toList();
            atTarget.stream().max(byAccuracy).ifPresent(out::add);
            atTarget.stream().filter(r -> r.criterion().equals("seed-energy") && r.schedule().equals(RowSpec.ONE_SHOT))
                    .forEach(out::add);
            if ("energy".equals(t.kind())) {
                for (String c : List.of("energy-aware", "magnitude")) {
                    atTarget.stream().filter(r -> r.criterion().equals(c)).max(byAccuracy).ifPresent(out::add);
                }
            }
        }
        return List.copyOf(out);
    }

    /** Mean of the values. */
    public static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Sample standard deviation (n - 1); 0 for a single value. */
    public static double std(List<Double> xs) {
        if (xs.size() < 2) {
            return 0;
        }
        double m = mean(xs);
        double ss = xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
        return Math.sqrt(ss / (xs.size() - 1));
    }

    /** Averages a row's per-seed results into a {@code runs[]} entry. */
    public static RunResult aggregate(RowSpec row, List<SeedResult> perSeed, boolean headline) {
        List<Double> acc = perSeed.stream().map(SeedResult::accuracyAfter).toList();
        double energyDense = mean(perSeed.stream().map(SeedResult::energyDensePj).toList());
        double energyPruned = mean(perSeed.stream().map(SeedResult::energyPrunedPj).toList());
        return new RunResult(row.criterion(), row.schedule(), row.target(), perSeed.size(),
                mean(perSeed.stream().map(SeedResult::achievedSparsity).toList()),
                mean(perSeed.stream().map(SeedResult::accuracyOneShot).toList()),
                mean(acc), std(acc), energyDense, energyPruned,
                Math.round(mean(perSeed.stream().map(r -> (double) r.macsDense()).toList())),
                Math.round(mean(perSeed.stream().map(r -> (double) r.macsEffective()).toList())),
                Math.round(mean(perSeed.stream().map(r -> (double) r.paramsNonZero()).toList())),
                1 - energyPruned / energyDense, acc, perSeed.stream().map(SeedResult::seed).toList(), headline,
                mean(perSeed.stream().map(SeedResult::pruneStepMillis).toList()),
                mean(perSeed.stream().map(SeedResult::trainSeconds).toList()));
    }
}
