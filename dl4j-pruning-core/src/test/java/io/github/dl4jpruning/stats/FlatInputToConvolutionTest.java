package io.github.dl4jpruning.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.pruning.Pruner;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.Target;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.ViewIterator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** MNIST-style flat rows fed to a convolution through {@code InputType.convolutionalFlat}. */
class FlatInputToConvolutionTest {

    private static MultiLayerNetwork net(int channels) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, channels))
                .build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    @Test
    void energyAwareFilterPruning_readsTheFlatInputAsChannels() {
        MultiLayerNetwork net = net(2);
        // Channel 1 (the second block of 64 in c order) is always zero: its statistics must say so.
        var x = Nd4j.rand(32, 128);
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(64, 128))
                .assign(0);
        var it = new ViewIterator(new DataSet(x, Nd4j.zeros(32, 3)), 16);
        ActivationStats stats = Calibration.run(net, it, 2, 0.0);
        NetworkAdapter adapter = NetworkAdapter.of(net, InputType.convolutionalFlat(8, 8, 2));

        NeuronStats in = stats.inputOf(adapter.layers().get(0));
        PruneMasks masks = new Pruner(PruningConfig.builder().criterion(Criteria.energyAware()).granularity(Granularity.NEURONS).build())
                .prune(adapter, new PruneMasks(), Signals.of(stats), Target.sparsity(0.5)).masks();

        assertThat(in.size()).isEqualTo(2);
        assertThat(in.firingProbability()[0]).isGreaterThan(0.9);
        assertThat(in.firingProbability()[1]).isZero();
        assertThat(masks.prunedCount("0_b")).isEqualTo(2);
    }
}
