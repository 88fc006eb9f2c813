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

    @Test
    void graphComputesEachLayerFromTheLayersItNames() {
        RuntimeModel g = TestModels.residual();
        List<Layer> l = g.layers();
        int batch = 3;
        float[] x = TestModels.random(batch * g.inputShape().size(), 0.3, 21);
        float[] a = new RuntimeModel(g.inputShape(), List.of(l.get(0))).output(x, batch);
        float[] b = new RuntimeModel(l.get(1).inputShape(), List.of(l.get(1), l.get(2))).output(a, batch);
        float[] sum = new float[a.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = a[i] + b[i];
        }
        float[] expected = new RuntimeModel(l.get(4).inputShape(), List.of(l.get(4))).output(sum, batch);
        assertThat(g.output(x, batch)).containsExactly(expected);
        assertThat(g.output(x, batch)).containsExactly(expected);   // reused activation arrays leave nothing behind
        assertThat(g.summary()).contains("add 3x6x6 -> 3x6x6").contains("<- [2, 0]");
    }

    @Test
    void graphInputListsThatNameLaterLayersOrTheWrongCountAreRefused() {
        List<Layer> l = TestModels.residual().layers();
        Shape in = TestModels.residual().inputShape();
        assertThatThrownBy(() -> new RuntimeModel(in, l, List.of(new int[] {-1}, new int[] {0}, new int[] {1},
                new int[] {2, 3}, new int[] {3}))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 3 (add) reads layer 3; expected -1 (the model input) to 2 (an earlier layer)");
        assertThatThrownBy(() -> new RuntimeModel(in, l, List.of(new int[] {-1}, new int[] {0}, new int[] {1},
                new int[] {2}, new int[] {3}))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 3 (add) reads 1 inputs; expected 2");
        assertThatThrownBy(() -> new RuntimeModel(in, l, List.of(new int[] {-1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("1 input lists for 5 layers; expected one per layer");
        assertThatThrownBy(() -> new Add(in, 1)).hasMessage("an add of 1 inputs; expected 2 to 64");
    }

    @Test
    void anAddMayReadTheSameLayerTwice() {
        ActivationLayer a = new ActivationLayer(Shape.flat(3), Activation.TANH);
        RuntimeModel twice = new RuntimeModel(Shape.flat(3), List.of(a, new Add(Shape.flat(3), 2),
                new ActivationLayer(Shape.flat(3), Activation.IDENTITY)), List.of(new int[] {-1}, new int[] {0, 0},
                new int[] {1}));
        float[] y = twice.output(new float[] {0.5f, -1f, 2f}, 1);
        assertThat(y).containsExactly((float) (2 * Math.tanh(0.5f)), (float) (2 * Math.tanh(-1f)),
                (float) (2 * Math.tanh(2f)));
    }
}
