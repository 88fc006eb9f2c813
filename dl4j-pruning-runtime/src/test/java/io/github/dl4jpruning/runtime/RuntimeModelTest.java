package io.github.dl4jpruning.runtime;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad arguments to the model are refused with messages naming the value and what was expected. */
class RuntimeModelTest {

    @Test
    void wrongInputLengthOrBatch() {
        RuntimeModel m = TestModels.mlp();
        assertThatThrownBy(() -> m.output(new float[21], 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("input has 21 values; expected 20 (batch 1 x 20)");
        assertThatThrownBy(() -> m.output(new float[20], 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch must be >= 1, got 0");
        assertThatThrownBy(() -> m.output(new float[][] {new float[20], new float[3]}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("row 1 has 3 values; expected 20");
    }

    @Test
    void layersThatDoNotChainOrDoNotFit() {
        FullyConnected a = new FullyConnected(Shape.flat(4), 3, new float[12], new float[3], Activation.RELU,
                KernelPolicy.AUTO);
        assertThatThrownBy(() -> new RuntimeModel(Shape.flat(5), List.of(a)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 5 values");
        assertThatThrownBy(() -> new FullyConnected(Shape.flat(4), 3, new float[11], new float[3], Activation.RELU,
                KernelPolicy.AUTO)).hasMessageContaining("needs 12 weights, got 11");
        assertThatThrownBy(() -> new Pooling(new Shape(1, 2, 2), Pooling.Type.MAX,
                new Window(3, 3, 1, 1, 0, 0, 1, 1, false), true)).hasMessageContaining("does not fit an input of 2x2");
    }

    @Test
    void kernelsFollowThePolicyAndTheCostModel() {
        float[] sparse = TestModels.random(784 * 16, 0.9, 1);
        float[] dense = TestModels.random(784 * 16, 0.0, 1);
        assertThat(new FullyConnected(Shape.flat(784), 16, sparse, new float[16], Activation.RELU, KernelPolicy.AUTO)
                .kernel()).isEqualTo("csr/csr/csr");
        assertThat(new FullyConnected(Shape.flat(784), 16, dense, new float[16], Activation.RELU, KernelPolicy.AUTO)
                .kernel()).isEqualTo("dense/dense/dense");
        float[] mid = TestModels.random(784 * 16, 0.6, 1);
        assertThat(new FullyConnected(Shape.flat(784), 16, mid, new float[16], Activation.RELU, KernelPolicy.AUTO)
                .kernel()).isEqualTo("csr/dense/dense");
        assertThat(new FullyConnected(Shape.flat(784), 16, sparse, new float[16], Activation.RELU,
                KernelPolicy.DENSE).kernel()).isEqualTo("dense/dense/dense");
    }
}
