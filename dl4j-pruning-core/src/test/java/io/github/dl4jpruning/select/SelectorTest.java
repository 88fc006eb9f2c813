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
}
