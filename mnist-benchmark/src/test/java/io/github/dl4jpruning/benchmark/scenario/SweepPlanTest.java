package io.github.dl4jpruning.benchmark.scenario;

import io.github.dl4jpruning.benchmark.harness.RowSpec;
import io.github.dl4jpruning.benchmark.harness.RunTarget;
import io.github.dl4jpruning.benchmark.harness.SeedResult;
import io.github.dl4jpruning.benchmark.results.RunResult;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SweepPlanTest {

    private static final RunTarget S90 = new RunTarget("sparsity", 0.9);
    private static final RunTarget E80 = new RunTarget("energy", 0.8);

    @Test
    void fullGrid_isEveryCriterionScheduleAndTarget() {
        List<RowSpec> rows = SweepPlan.full();

        assertThat(rows).hasSize(5 * 2 * 8).doesNotHaveDuplicates();
        assertThat(rows.stream().map(RowSpec::target).distinct()).hasSize(8);
        assertThat(rows).contains(new RowSpec("seed-energy", RowSpec.ONE_SHOT, new RunTarget("sparsity", 0.98)),
                new RowSpec("random", RowSpec.AGP, new RunTarget("energy", 0.5)));
    }

    @Test
    void headline_takesTheBestRowTheDocumentsCriterionAndAtEnergyTargetsEnergyAwareAndMagnitude() {
        Map<RowSpec, Double> acc = new LinkedHashMap<>();
        acc.put(new RowSpec("magnitude", RowSpec.ONE_SHOT, S90), 0.970);
        acc.put(new RowSpec("magnitude", RowSpec.AGP, S90), 0.975);
        acc.put(new RowSpec("energy-aware", RowSpec.AGP, S90), 0.979);
        acc.put(new RowSpec("seed-energy", RowSpec.ONE_SHOT, S90), 0.900);
        acc.put(new RowSpec("random", RowSpec.ONE_SHOT, E80), 0.500);
        acc.put(new RowSpec("magnitude", RowSpec.ONE_SHOT, E80), 0.960);
        acc.put(new RowSpec("magnitude", RowSpec.AGP, E80), 0.965);
        acc.put(new RowSpec("energy-aware", RowSpec.ONE_SHOT, E80), 0.971);
        acc.put(new RowSpec("energy-aware", RowSpec.AGP, E80), 0.969);
        acc.put(new RowSpec("seed-energy", RowSpec.ONE_SHOT, E80), 0.950);

        List<RowSpec> headline = SweepPlan.headline(acc);

        assertThat(headline).containsExactly(
                new RowSpec("energy-aware", RowSpec.AGP, S90),
                new RowSpec("seed-energy", RowSpec.ONE_SHOT, S90),
                new RowSpec("energy-aware", RowSpec.ONE_SHOT, E80),
                new RowSpec("seed-energy", RowSpec.ONE_SHOT, E80),
                new RowSpec("magnitude", RowSpec.AGP, E80));
    }

    @Test
    void aggregate_averagesSeedsWithSampleStandardDeviation() {
        RowSpec row = new RowSpec("magnitude", RowSpec.ONE_SHOT, S90);
        List<SeedResult> seeds = List.of(
                new SeedResult(1, 0.9, 0.5, 0.96, 600, 100, 1000, 100, 110, 1, 10, 20),
                new SeedResult(2, 0.9, 0.7, 0.98, 600, 140, 1000, 120, 130, 1, 20, 30));

        RunResult r = SweepPlan.aggregate(row, seeds, true);

        assertThat(r.seeds()).isEqualTo(2);
        assertThat(r.accuracyAfter()).isCloseTo(0.97, within(1e-12));
        assertThat(r.accuracyAfterStd()).isCloseTo(Math.sqrt(2e-4), within(1e-12));
        assertThat(r.accuracyOneShot()).isCloseTo(0.6, within(1e-12));
        assertThat(r.energyPrunedPj()).isEqualTo(120);
        assertThat(r.energyReduction()).isCloseTo(0.8, within(1e-12));
        assertThat(r.macsEffective()).isEqualTo(110);
        assertThat(r.accuracies()).containsExactly(0.96, 0.98);
        assertThat(r.seedValues()).containsExactly(1L, 2L);
        assertThat(r.headline()).isTrue();
    }

    @Test
    void oneSeed_hasZeroStandardDeviation() {
        assertThat(SweepPlan.std(List.of(0.97))).isZero();
    }

    @Test
    void badRows_areRejectedWithTheValue() {
        assertThatThrownBy(() -> new RunTarget("flops", 0.5)).hasMessageContaining("'flops'");
        assertThatThrownBy(() -> new RunTarget("sparsity", 1.5)).hasMessageContaining("(0, 1), got 1.5");
        assertThatThrownBy(() -> new RowSpec("biggest", RowSpec.AGP, S90)).hasMessageContaining("'biggest'");
        assertThatThrownBy(() -> new RowSpec("magnitude", "weekly", S90)).hasMessageContaining("'weekly'");
    }
}
