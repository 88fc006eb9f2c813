package io.github.dl4jpruning.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PruneMasksTest {

    @Test
    void valuesOfAMaskNeedNoShapeAndACopyIsReturned() {
        PruneMasks masks = new PruneMasks();
        masks.put("0_W", new long[] {2, 2}, new double[] {1, 0, 0, 1});
        double[] v = masks.values("0_W");
        assertThat(v).containsExactly(1, 0, 0, 1);
        v[0] = 0;
        assertThat(masks.values("0_W")).as("a copy").containsExactly(1, 0, 0, 1);
    }

    @Test
    void valuesOfAParameterWithoutMaskNameTheKeysThatHaveOne() {
        PruneMasks masks = new PruneMasks();
        masks.put("0_W", new long[] {1, 2}, new double[] {1, 0});
        assertThatThrownBy(() -> masks.values("1_W")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1_W'").hasMessageContaining("[0_W]");
        assertThat(masks.values("1_W", new long[] {3})).as("all ones with a shape").containsExactly(1, 1, 1);
    }

    @Test
    void weightSparsityCountsWeightMasksOnly() {
        PruneMasks masks = new PruneMasks();
        masks.put("0_W", new long[] {1, 4}, new double[] {0, 0, 0, 1});
        masks.put("0_b", new long[] {1, 1}, new double[] {0});
        masks.put("1_W", new long[] {1, 4}, new double[] {1, 1, 1, 1});
        assertThat(masks.weightSparsity()).isEqualTo(3.0 / 8);
        assertThat(masks.weightSparsityByLayer()).containsEntry("0", 0.75).containsEntry("1", 0.0).hasSize(2);
    }
}
