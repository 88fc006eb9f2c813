package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Structured pruning through the dependency graph's groups. */
class StructuredGroupsTest {

    private static final InputType IN = InputType.convolutional(6, 6, 2);

    static MultiLayerNetwork convBn() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().activation(Activation.IDENTITY).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(IN).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // Running statistics far from (0, 1), so a channel that only had its filter masked would output non-zero.
        // (The BN feeds the dense layer directly: a following ActivationLayer works in place on the BN's output
        // array in DL4J's feedForward, which would hide the BN's own output.)
        net.getParam("1_mean").assign(0.7);
        net.getParam("1_beta").assign(0.3);
        return net;
    }

    static DataSet data(int n) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(new int[] {n, 2, 6, 6});
        INDArray y = Nd4j.zeros(n, 3);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 3, 1);
        }
        return new DataSet(x, y);
    }

    private static List<Integer> prunedChannels(PruneMasks masks) {
        double[] b = masks.values("0_b");
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < b.length; c++) {
            if (b[c] == 0) {
                out.add(c);
            }
        }
        return out;
    }

    private static void assertChannelsZero(INDArray act, List<Integer> channels, String when) {
        for (int c : channels) {
            INDArray ch = act.get(NDArrayIndex.all(), NDArrayIndex.point(c), NDArrayIndex.all(), NDArrayIndex.all());
            assertThat(ch.amaxNumber().doubleValue()).as("channel %d %s", c, when).isZero();
        }
    }

    @Test
    void aPrunedFilterMasksItsBatchNormGammaAndBetaSoTheChannelOutputsZeroInInferenceAndTraining() {
        MultiLayerNetwork net = convBn();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                .granularity(Granularity.NEURONS).layers(0).build()).inputType(IN).build();
        net.addListeners(pruning);
        pruning.pruneNow(net, 0.5);
        PruneMasks masks = pruning.masks();
        List<Integer> pruned = prunedChannels(masks);
        assertThat(pruned).hasSize(3);
        assertThat(masks.keys()).contains("0_W", "0_b", "1_gamma", "1_beta", "2_W");
        assertThat(masks.keys()).doesNotContain("1_mean", "1_log10stdev");
        DataSet d = data(12);
        List<INDArray> inference = net.feedForward(d.getFeatures(), false);
        assertChannelsZero(inference.get(2), pruned, "after BN in output()");
        List<INDArray> seenInFit = new ArrayList<>();
        net.addListeners(new BaseTrainingListener() {
            @Override
            public void onForwardPass(Model model, List<INDArray> activations) {
                try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    seenInFit.add(activations.get(2).dup());
                }
            }
        });
        for (int i = 0; i < 3; i++) {
            net.fit(d);
        }
        assertThat(seenInFit).isNotEmpty();
        for (INDArray a : seenInFit) {
            assertChannelsZero(a, pruned, "after BN during fit()");
        }
        assertChannelsZero(net.feedForward(d.getFeatures(), false).get(2), pruned, "after BN after fit()");
    }

    @Test
    void globalRankingKeepsTheDefaultMinimumOfEveryLayer() {
        MultiLayerNetwork net = convBn();
        // Make the conv's weights tiny: raw importances would rank all its filters below the dense neurons.
        net.getParam("0_W").muli(1e-4);
        PruneMasks masks = new Pruner(PruningConfig.builder().granularity(Granularity.NEURONS).scope(Scope.GLOBAL).build())
                .prune(NetworkAdapter.of(net, IN), new PruneMasks(), Signals.none(), Target.sparsity(0.7)).masks();
        assertThat(prunedChannels(masks).size()).as("filters pruned").isLessThan(6);
        double[] b3 = masks.values("2_b");
        assertThat(java.util.Arrays.stream(b3).filter(v -> v != 0).count()).as("dense neurons kept").isPositive();
    }

    @Test
    void aTargetThatNeedsEmptiedLayersFailsNamingTheLayerAndLeavesTheNetworkUnchanged() {
        MultiLayerNetwork net = convBn();
        INDArray before = net.params().dup();
        Pruner pruner = new Pruner(PruningConfig.builder().granularity(Granularity.NEURONS).build());
        assertThatThrownBy(() -> pruner.prune(NetworkAdapter.of(net, IN), new PruneMasks(), Signals.none(),
                Target.sparsity(0.95)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer '0' keeps 1 of 6").hasMessageContaining("minUnitsKept");
        assertThat(net.params()).isEqualTo(before);
        PruneMasks emptied = new Pruner(PruningConfig.builder().granularity(Granularity.NEURONS).layers(0)
                .minUnitsKept(0, 0).build())
                .prune(NetworkAdapter.of(net, IN), new PruneMasks(), Signals.none(), Target.sparsity(0.99)).masks();
        assertThat(prunedChannels(emptied)).as("asked for explicitly").hasSize(6);
    }

    @Test
    void namingALayerWhoseGroupPassesAnUnsupportedVertexFailsNamingItAndLeavesTheNetworkUnchanged() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .addLayer("d1", new DenseLayer.Builder().nIn(4).nOut(5).build(), "in")
                .addVertex("l2", new L2NormalizeVertex(), "d1")
                .addLayer("out", new OutputLayer.Builder().nIn(5).nOut(2).build(), "l2")
                .setOutputs("out").build();
        ComputationGraph cg = new ComputationGraph(conf);
        cg.init();
        INDArray before = cg.params().dup();
        Pruner pruner = new Pruner(PruningConfig.builder().granularity(Granularity.NEURONS).layers("d1").build());
        assertThatThrownBy(() -> pruner.prune(NetworkAdapter.of(cg), new PruneMasks(), Signals.none(),
                Target.sparsity(0.4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'l2'")
                .hasMessageContaining("L2NormalizeVertex");
        assertThat(cg.params()).isEqualTo(before);
    }
}
