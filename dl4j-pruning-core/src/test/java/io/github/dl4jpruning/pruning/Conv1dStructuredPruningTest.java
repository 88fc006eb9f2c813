package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.select.Granularity;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Structured (filter) pruning of a Conv1D through the library's own path: the filters the masks mark as pruned must
 * output exactly zero, before and after training. DL4J reads a Conv1D's W as {@code [k, nIn, nOut]} although its view
 * is {@code [nOut, nIn, k, 1]}; masks written along the view zeroed other weights.
 */
class Conv1dStructuredPruningTest {

    private static final InputType IN = InputType.recurrent(3, 7);

    @Test
    void prunedConv1dFiltersOutputZeroBeforeAndAfterTraining() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .updater(new Adam(1e-2)).list()
                .layer(new Convolution1DLayer.Builder(3).nOut(6).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).build())
                .layer(new Convolution1DLayer.Builder(2).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).build())
                .layer(new GlobalPoolingLayer(PoolingType.AVG))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(IN).build());
        net.init();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                .granularity(Granularity.NEURONS).layers(0).build()).inputType(IN).build();
        net.addListeners(pruning);
        pruning.pruneNow(net, 0.5);
        PruneMasks masks = pruning.masks();
        double[] b = masks.values("0_b");
        List<Integer> pruned = new ArrayList<>();
        for (int c = 0; c < b.length; c++) {
            if (b[c] == 0) {
                pruned.add(c);
            }
        }
        assertThat(pruned).hasSize(3);

        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.rand(new long[] {8, 3, 7}).subi(0.5);
        INDArray y = Nd4j.zeros(8, 2);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 2, 1);
        }
        assertZero(net.feedForward(x, false).get(1), pruned, "after pruning");
        for (int i = 0; i < 3; i++) {
            net.fit(new DataSet(x, y));
        }
        assertZero(net.feedForward(x, false).get(1), pruned, "after fit()");
    }

    private static void assertZero(INDArray act, List<Integer> channels, String when) {
        for (int c = 0; c < act.size(1); c++) {
            double max = act.get(NDArrayIndex.all(), NDArrayIndex.point(c), NDArrayIndex.all()).amaxNumber()
                    .doubleValue();
            if (channels.contains(c)) {
                assertThat(max).as("pruned channel %d %s", c, when).isZero();
            } else {
                assertThat(max).as("kept channel %d %s", c, when).isPositive();
            }
        }
    }
}
