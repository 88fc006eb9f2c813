package io.github.dl4jpruning.benchmark.compaction;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * A small ResNet-style CNN for MNIST, as a {@code ComputationGraph}: a "patchify" stem (a 4x4 convolution with stride
 * 4, as in ConvNeXt) with BatchNormalization, one residual block at 7x7 (two 3x3 convolutions with BN, added to the
 * block's input by an {@code ElementWiseVertex}) and a softmax output over the flattened 7x7 feature maps.
 *
 * <pre>
 * in 28x28x1 -> stem conv 4x4 stride 4 (W, 7x7) -> BN -> ReLU
 *            -> [conv 3x3 (W) -> BN -> ReLU -> conv 3x3 (W) -> BN] + skip -> ReLU
 *            -> output 10 (softmax over the 7x7xW features, flattened)
 * </pre>
 *
 * Why this shape (measured with random weights, 50% of the filters pruned and compacted, see the scenario's javadoc):
 * in DL4J 1.0.0-M2.1 on the CPU backend without oneDNN, a convolution is an {@code im2col} copy followed by one matrix
 * product, and the copy, BatchNormalization and the activations cost time in proportion to the channels, not to
 * their square; halving the filters halves them. Only the matrix products shrink with the MACs (to about a quarter),
 * so the latency follows the MACs only where the products dominate: few layers, few spatial positions and many
 * channels per convolution. The stem with stride 4 puts the block at 7x7 with W channels at the MACs a block at 28x28
 * with W/4 channels would have, and the flattened head keeps the digits' spatial layout without more layers.
 *
 * Each ReLU after a BN is a separate {@code ActivationLayer}: DL4J 1.0.0-M2.1's {@code BatchNormalization} layer
 * accepts {@code .activation(RELU)} in its builder but does not apply it (its output keeps negative values, see
 * {@code ResNetMnistTest}), so a ReLU "folded" into the BN silently leaves the block linear.
 *
 * The skip connection couples the stem's filters and the block's second convolution's filters: filter pruning must
 * remove them together (one group of the dependency graph), with their BN channels and the output layer's inputs.
 *
 * <pre>{@code
 * ComputationGraph net = ResNetMnist.build(12345, 64);
 * net.fit(ResNetMnist.asImages(MnistData.train(files, 128, 0, 12345)), 2);
 * }</pre>
 */
public final class ResNetMnist {

    /**
     * The input type: 28x28 images with one channel, NCHW. MNIST iterators give flat 784-pixel rows: reshape them
     * with {@link #asImages(DataSetIterator)}. (With {@code convolutionalFlat} the graph would reshape them itself,
     * but DL4J's {@code ComputationGraphConfiguration.getLayerActivationTypes} then rejects the flat type at the first
     * convolution, and the dependency graph needs those types for the convolutions' MACs.)
     */
    public static final InputType INPUT_TYPE = InputType.convolutional(28, 28, 1);

    /** Factor of the learning rate per epoch. */
    public static final double LR_DECAY = 0.7;

    /**
     * Adam's learning rate, by epoch of the network's own epoch counter: 5e-3, times {@value #LR_DECAY} after each
     * epoch. The counter carries over into clones (the experiment's control and pruned copies continue it), so the
     * control and the pruned network retrain on the same decayed rates: a fair control. Decaying lets the last
     * epochs fine-tune at a small rate, which the pruned network needs after its last pruning step.
     */
    public static final ISchedule LEARNING_RATE_SCHEDULE = new ExponentialSchedule(ScheduleType.EPOCH, 5e-3, LR_DECAY);

    /** Kernel and stride of the stem: 28x28 becomes 7x7. */
    private static final int STEM = 4;

    private ResNetMnist() {
    }

    /**
     * A freshly initialised network.
     *
     * @param seed  weight initialisation seed
     * @param width filters of the stem and of both convolutions of the residual block, at least 2
     * @throws IllegalArgumentException if {@code width < 2}
     */
    public static ComputationGraph build(long seed, int width) {
        if (width < 2) {
            throw new IllegalArgumentException("width must be >= 2 filters, got " + width);
        }
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed)
                .updater(Adam.builder().learningRateSchedule(LEARNING_RATE_SCHEDULE).build())
                .weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in")
                .addLayer("stem", new ConvolutionLayer.Builder(STEM, STEM).stride(STEM, STEM).nOut(width)
                        .activation(Activation.IDENTITY).hasBias(false).build(), "in")
                .addLayer("stem_bn", new BatchNormalization.Builder().build(), "stem")
                .addLayer("stem_relu", relu(), "stem_bn")
                .addLayer("block_a", conv(width), "stem_relu")
                .addLayer("block_a_bn", new BatchNormalization.Builder().build(), "block_a")
                .addLayer("block_a_relu", relu(), "block_a_bn")
                .addLayer("block_b", conv(width), "block_a_relu")
                .addLayer("block_b_bn", new BatchNormalization.Builder().build(), "block_b")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "block_b_bn", "stem_relu")
                .addLayer("add_relu", relu(), "add")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "add_relu")
                .setOutputs("out")
                .setInputTypes(INPUT_TYPE)
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** {@code iterator} with its features reshaped from {@code [batch, 784]} to {@code [batch, 1, 28, 28]}. */
    public static DataSetIterator asImages(DataSetIterator iterator) {
        iterator.setPreProcessor(ds -> ds.setFeatures(ds.getFeatures().reshape('c', ds.getFeatures().size(0), 1, 28,
                28)));
        return iterator;
    }

    private static ConvolutionLayer conv(int filters) {
        return new ConvolutionLayer.Builder(3, 3).stride(1, 1).nOut(filters).activation(Activation.IDENTITY)
                .hasBias(false).build();
    }

    private static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }
}
