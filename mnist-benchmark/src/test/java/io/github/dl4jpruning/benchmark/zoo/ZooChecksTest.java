package io.github.dl4jpruning.benchmark.zoo;

import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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
}
