package io.github.dl4jpruning.benchmark.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

class ResNetMnistTest {

    @Test
    void dl4jsBatchNormalizationDoesNotApplyItsConfiguredActivationSoEveryReluIsItsOwnLayer() {
        // Why ResNetMnist has separate ReLU layers: a BN layer built with .activation(RELU) still outputs negatives.
        ComputationGraph folded = new ComputationGraph(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(1).graphBuilder().addInputs("in")
                .addLayer("bn", new BatchNormalization.Builder().activation(org.nd4j.linalg.activations.Activation.RELU)
                        .build(), "in")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build(), "bn")
                .setOutputs("out").setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(4)).build());
        folded.init();
        INDArray bnOut = folded.feedForward(Nd4j.rand(DataType.FLOAT, 8, 4).subi(0.5).muli(4), false).get("bn");
        assertThat(bnOut.minNumber().doubleValue()).as("DL4J M2.1 BN output with activation RELU").isLessThan(0);

        ComputationGraph net = ResNetMnist.build(1, 4);
        Map<String, INDArray> acts = net.feedForward(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28).subi(0.5), false);
        for (String relu : new String[] {"stem_relu", "block_a_relu", "add_relu"}) {
            assertThat(net.getLayer(relu).conf().getLayer()).isInstanceOf(ActivationLayer.class);
            assertThat(acts.get(relu).minNumber().doubleValue()).as(relu).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void theStemTakesTheImageTo7x7SoTheResidualBlockRunsWideOnFewPositions() {
        int width = 6;
        ComputationGraph net = ResNetMnist.build(1, width);
        Map<String, INDArray> acts = net.feedForward(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28), false);
        assertThat(acts.get("stem_bn").shape()).containsExactly(2, width, 7, 7);
        assertThat(acts.get("block_b_bn").shape()).containsExactly(2, width, 7, 7);
        assertThat(acts.get("out").shape()).containsExactly(2, 10);
        assertThat(((FeedForwardLayer) net.getLayer("out").conf().getLayer()).getNIn())
                .as("the output layer reads the flattened 7x7 maps").isEqualTo(7 * 7 * width);
    }

    @Test
    void rampSettingsOutsideTheirRangeAreRejectedWithTheValue() {
        assertThatThrownBy(() -> ResNetExperiment.builder().rampFraction(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rampFraction").hasMessageContaining("got 0");
        assertThatThrownBy(() -> ResNetExperiment.builder().rampFraction(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> ResNetExperiment.builder().rampSteps(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rampSteps");
    }

    @Test
    void learningRateDecaysByEpochAndTheControlAndPrunedCopiesContinueTheDenseEpochs() {
        ComputationGraph dense = ResNetMnist.build(1, 2);
        DataSet d = new DataSet(Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28),
                Nd4j.eye(10).castTo(DataType.FLOAT).get(NDArrayIndex.interval(0, 4), NDArrayIndex.all()));
        dense.fit(new ListDataSetIterator<>(d.asList(), 4), 2);

        ComputationGraph copy = ResNetExperiment.continued(dense);
        int epoch = copy.getConfiguration().getEpochCount();
        assertThat(epoch).as("epochs the copy continues from").isEqualTo(2);
        Adam adam = (Adam) ((BaseLayer) copy.getLayer("block_a").conf().getLayer()).getIUpdater();
        assertThat(adam.getLearningRate(0, 0)).isCloseTo(5e-3, within(1e-12));
        assertThat(adam.getLearningRate(0, epoch)).as("rate of the copy's first epoch")
                .isCloseTo(5e-3 * ResNetMnist.LR_DECAY * ResNetMnist.LR_DECAY, within(1e-12));
    }
}
