package io.github.dl4jpruning.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelectorTest {

    private static LayerScores layer(double... importance) {
        double[] cost = new double[importance.length];
        java.util.Arrays.fill(cost, 1);
        return SelectorPropertiesTest.fresh("l", importance, cost, 0, 1);
    }

    @Test
    void candidatesWithoutCostsSelectForASparsityTargetAndAreRejectedForAnEnergyTarget() {
        LayerScores l = new LayerScores("dense1", new double[] {3, 1, 2, 4}, null, new boolean[] {true, true, true, true},
                0, 1);
        assertThat(Selector.select(List.of(l), Target.sparsity(0.5), Scope.GLOBAL).get(0))
                .containsExactly(true, false, false, true);
        assertThatThrownBy(() -> Selector.select(List.of(l), Target.energyReduction(0.5), Scope.GLOBAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'dense1' has no energy costs");
    }

    @Test
    void prunesTheLowestImportanceEvenWhenScoresDifferBelowFloatPrecision() {
        LayerScores l = layer(1 + 1e-12, 1.0);
        List<boolean[]> alive = Selector.select(List.of(l), Target.sparsity(0.5), Scope.PER_LAYER);
        assertThat(alive.get(0)).containsExactly(true, false);
    }

    @Test
    void prunesTheLowestImportanceAmongTinyScores() {
        LayerScores l = layer(2e-300, 1e-300, 3e-300);
        List<boolean[]> alive = Selector.select(List.of(l), Target.sparsity(0.34), Scope.PER_LAYER);
        assertThat(alive.get(0)).containsExactly(true, false, true);
    }

    @Test
    void negativeAndPositiveScoresAreOrderedNumerically() {
        LayerScores l = layer(0.5, -2, -0.0, 0.0, -1, 3);
        List<boolean[]> alive = Selector.select(List.of(l), Target.sparsity(0.5), Scope.PER_LAYER);
        assertThat(alive.get(0)).containsExactly(true, false, false, true, false, true);
    }

    @Test
    void zeroTargetPrunesNothing() {
        LayerScores l = layer(0.1, 0.2);
        assertThat(Selector.select(List.of(l), Target.sparsity(0), Scope.GLOBAL).get(0)).containsExactly(true, true);
    }

    @Test
    void targetsOutsideTheirRangeAreRejectedWithTheValue() {
        assertThatThrownBy(() -> Target.sparsity(1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> Target.sparsity(-0.1)).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> Target.sparsity(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Target.energyReduction(0)).hasMessageContaining("0.0");
        assertThatThrownBy(() -> Target.energyReduction(1)).hasMessageContaining("1.0");
    }

    @Test
    void layerScoresRejectNaNImportanceAndNegativeCost() {
        assertThatThrownBy(() -> SelectorPropertiesTest.fresh("x", new double[] {Double.NaN}, new double[] {1}, 0, 1))
                .hasMessageContaining("NaN").hasMessageContaining("'x'");
        assertThatThrownBy(() -> SelectorPropertiesTest.fresh("x", new double[] {1}, new double[] {-1}, 0, 1))
                .hasMessageContaining("-1.0");
    }

    @Test
    void maximumSparsityWinsWhenTheRoundedMinimumWouldExceedIt() {
        // 10 units, bounds [0.15, 0.19]: the minimum rounds up to 2 units, the maximum down to 1.
        double[] imp = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
        double[] cost = new double[10];
        java.util.Arrays.fill(cost, 1);
        boolean[] alive = new boolean[10];
        java.util.Arrays.fill(alive, true);
        LayerScores l = new LayerScores("l", imp, cost, alive, 0.15, 0.19);
        boolean[] after = Selector.select(List.of(l), Target.sparsity(0), Scope.PER_LAYER).get(0);
        assertThat(SelectorPropertiesTest.pruned(after)).isEqualTo(1);
        assertThat(after[0]).isFalse();
    }
}
