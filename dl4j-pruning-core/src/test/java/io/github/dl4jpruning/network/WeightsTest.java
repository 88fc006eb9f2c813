package io.github.dl4jpruning.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class WeightsTest {

    private static double[] reference(INDArray p) {
        return Nd4j.toFlattened('c', p).toDoubleVector();
    }

    @Test
    void bulkReadsGiveTheCanonicalFlatteningOfEveryParameter() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7)
                .weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(7).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 5, 2)).build());
        net.init();
        NetworkAdapter adapter = NetworkAdapter.of(net);
        int checked = 0;
        for (String key : net.paramTable().keySet()) {
            assertThat(Weights.read(adapter, key)).as(key).containsExactly(reference(net.getParam(key)));
            checked++;
        }
        assertThat(checked).isEqualTo(6);
        // The dense weight matrices are f-ordered views: the bulk path must have transposed them.
        assertThat(net.getParam("1_W").ordering()).isEqualTo('f');
        assertThat(Weights.direct(net.getParam("1_W"))).isNotNull();
    }

    @Test
    void layoutsOtherThanDenseFallBackOrReadTheSameValues() {
        INDArray c = Nd4j.rand(DataType.FLOAT, 3, 4, 5);
        INDArray f = c.dup('f');
        INDArray f2 = Nd4j.rand(DataType.DOUBLE, 5, 3).dup('f');
        INDArray strided = Nd4j.rand(DataType.FLOAT, 6, 8).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 7));
        INDArray column = Nd4j.rand(DataType.FLOAT, 4, 6).getColumn(2);
        assertThat(Weights.direct(c)).containsExactly(reference(c));
        assertThat(Weights.direct(f)).isNull();
        assertThat(Weights.direct(f2)).containsExactly(reference(f2));
        double[] s = Weights.direct(strided);
        if (s != null) {
            assertThat(s).containsExactly(reference(strided));
        }
        double[] col = Weights.direct(column);
        if (col != null) {
            assertThat(col).containsExactly(reference(column));
        }
    }

    @Test
    void aNonFiniteWeightIsRejectedWithItsIndex() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(2).build())
                .layer(new OutputLayer.Builder().nIn(2).nOut(2).build()).build());
        net.init();
        net.getParam("0_W").putScalar(2, 1, Double.NaN);
        assertThatThrownBy(() -> Weights.read(NetworkAdapter.of(net), "0_W"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at flat index 5");
    }
}
