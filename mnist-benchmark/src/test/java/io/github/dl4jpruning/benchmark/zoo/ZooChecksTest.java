package io.github.dl4jpruning.benchmark.zoo;

import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;

class ZooChecksTest {

    @TempDir
    Path dir;

    private static MultiLayerNetwork net() {
        MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(3).nOut(3).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        n.init();
        return n;
    }

    @Test
    void aLayerCountsAsEmptiedOnlyWhenNoUnitKeepsAnIncomingWeight() {
        MultiLayerNetwork n = net();
        assertThat(ZooChecks.layersEmptied(NetworkAdapter.of(n))).isZero();
        // Two of layer 1's three units lose every incoming weight: not emptied yet.
        n.getParam("1_W").get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)).assign(0);
        assertThat(ZooChecks.layersEmptied(NetworkAdapter.of(n))).isZero();
        n.getParam("1_W").get(NDArrayIndex.all(), NDArrayIndex.point(2)).assign(0);
        assertThat(ZooChecks.layersEmptied(NetworkAdapter.of(n))).isEqualTo(1);
    }

    @Test
    void theRoundTripComparesMasksAndParametersExactly() throws Exception {
        MultiLayerNetwork n = net();
        PruneMasks masks = new PruneMasks();
        double[] m = {1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1};
        masks.put("0_W", n.getParam("0_W").shape(), m);
        n.getParam("0_W").muli(Nd4j.create(m, new long[] {4, 3}, 'c').castTo(n.getParam("0_W").dataType()));
        Attempt a = new Attempt(new ZooEntry("tiny", new long[] {4, 1}, true, ZooChecksTest::net));
        assertThat(ZooChecks.roundTrip(n, masks, dir, a)).isTrue();
        assertThat(a.reasons).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void outputsOfTheSameNetworkAgreeAndOfAChangedOneDoNot() {
        MultiLayerNetwork n = net();
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 4);
        assertThat(ZooChecks.maxAbsDiff(n, n.clone(), x)[0]).isZero();
        MultiLayerNetwork changed = n.clone();
        changed.getParam("2_b").addi(1);
        double[] d = ZooChecks.maxAbsDiff(n, changed, x);
        assertThat(d[0]).isPositive();
        assertThat(d[1]).isPositive().isLessThanOrEqualTo(1.0);
    }

    /** Input -> ActivationLayer(ReLU) -> identity output: DL4J's ActivationLayer applies ReLU to its input in place. */
    private static MultiLayerNetwork reluFirst(Activation first) {
        MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).list()
                .layer(new ActivationLayer.Builder().activation(first).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(4))
                .build());
        n.init();
        return n;
    }

    @Test
    void aNetworkThatChangesItsInputInPlaceCannotHideADifference() {
        MultiLayerNetwork relu = reluFirst(Activation.RELU);
        MultiLayerNetwork identity = reluFirst(Activation.IDENTITY);
        identity.setParams(relu.params());
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 4).subi(0.5);
        INDArray original = x.dup();
        // Without copies the ReLU network would zero x's negative entries and the identity network would then agree.
        assertThat(ZooChecks.maxAbsDiff(relu, identity, x)[0]).isGreaterThan(1e-3);
        assertThat(x).isEqualTo(original);
    }

    /**
     * A deep tanh network in its chaotic regime (weights of standard deviation 0.5 over 64 inputs: a perturbation
     * grows from layer to layer, as in InceptionResNetV1 with random weights), and the same function with the units of
     * its first hidden layer in another order, which changes the order of the second layer's sums as compaction does.
     * In float32 the two differ by more than the zoo's tolerance; the comparison, in double precision, finds them equal.
     */
    @Test
    void reorderingHiddenUnitsIsExactInDoublePrecisionWhateverFloat32Rounding() {
        int hidden = 64;
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder().seed(3)
                .weightInit(new NormalDistribution(0, 0.5)).list()
                .layer(new DenseLayer.Builder().nIn(8).nOut(hidden).activation(Activation.TANH).build());
        for (int i = 1; i < 20; i++) {
            layers.layer(new DenseLayer.Builder().nIn(hidden).nOut(hidden).activation(Activation.TANH).build());
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(hidden).nOut(4)
                .activation(Activation.IDENTITY).build());
        MultiLayerNetwork a = new MultiLayerNetwork(layers.build());
        a.init();
        MultiLayerNetwork b = a.clone();
        for (int i = 0; i < hidden; i++) {
            int from = (i * 37 + 11) % hidden;
            b.getParam("0_W").getColumn(i).assign(a.getParam("0_W").getColumn(from));
            b.getParam("0_b").putScalar(i, a.getParam("0_b").getDouble(from));
            b.getParam("1_W").getRow(i).assign(a.getParam("1_W").getRow(from));
        }
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 8);
        INDArray ya = a.output(x.dup(), false);
        double float32 = Transforms.abs(ya.sub(b.output(x.dup(), false))).maxNumber().doubleValue();
        double largest = Transforms.abs(ya).maxNumber().doubleValue();
        assertThat(float32).as("float32 difference of the two orders")
                .isGreaterThan(ZooRunner.OUTPUT_TOLERANCE * Math.max(1, largest));
        assertThat(ZooChecks.maxAbsDiff(a, b, x)[0]).isLessThan(1e-9);
    }
}
