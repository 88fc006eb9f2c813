package io.github.dl4jpruning.compact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SelectInputsTest {

    private static CompactionResult withMap(int... map) {
        return new CompactionResult(null, List.of(), map, 0, 0, 0, 0);
    }

    @Test
    void selectsTheMappedColumnsInOrder() {
        INDArray x = Nd4j.rand(5, 9);

        INDArray selected = withMap(0, 2, 3, 7, 8).selectInputs(x);

        assertThat(selected.shape()).containsExactly(5, 5);
        assertThat(selected).isEqualTo(x.getColumns(0, 2, 3, 7, 8));
    }

    @Test
    void identityMap_returnsTheInputWithoutCopying() {
        INDArray x = Nd4j.rand(4, 3);

        assertThat(withMap(0, 1, 2).selectInputs(x)).isSameAs(x);
    }
}
