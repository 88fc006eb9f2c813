package io.github.dl4jpruning.network;

import java.util.Arrays;

/**
 * A layer whose weights can be pruned, with what the energy models and criteria need to know about it.
 *
 * <p>Weights are always handled as a c-order flattening of the weight parameter's shape: for a dense layer
 * ({@code [nIn, nOut]}) flat index {@code i * nOut + o}; for a convolution ({@code [nOut, nIn, kH, kW]})
 * {@code ((o * nIn + i) * kH + y) * kW + x}.
 *
 * @param name            the layer's name: its index ("0", "1", ...) in a {@code MultiLayerNetwork}, its vertex name in a
 *                        {@code ComputationGraph}
 * @param kind            the array's layout
 * @param weightKey       the DL4J parameter key of the weights, e.g. {@code "0_W"} or {@code "dense1_W"}
 * @param biasKey         the parameter key of the bias, or {@code null} if the layer has none
 * @param inputKey        the key of the activation that feeds this layer, as recorded by the statistics listener, or
 *                        {@code null} if none does (an embedding's indices, a separable convolution's pointwise
 *                        weights reading the depthwise output)
 * @param outputKey       the key under which this layer's own output activation is recorded
 * @param nIn             input neurons (dense) or input channels (convolution)
 * @param nOut            output neurons or filters
 * @param weightShape     the shape of the weight parameter
 * @param usesPerInference how many times each weight is used for one input example: 1 for dense layers,
 *                        {@code H_out * W_out} for a convolution, time steps for recurrent layers, 0 if not yet known
 *                        (all from the network's {@code DependencyGraph})
 */
public record PrunableLayer(String name, LayerKind kind, String weightKey, String biasKey, String inputKey,
                            String outputKey, long nIn, long nOut, long[] weightShape, long usesPerInference) {

    /** Number of weights. */
    public int weightCount() {
        long n = 1;
        for (long d : weightShape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    /** Kernel area {@code kH * kW} (1 for dense, recurrent and embedding layers). */
    public int kernelArea() {
        return switch (kind) {
            case CONV2D, CONV1D, DECONV2D, SEPARABLE_DEPTHWISE -> Math.toIntExact(weightShape[2] * weightShape[3]);
            case DEPTHWISE_CONV2D -> Math.toIntExact(weightShape[0] * weightShape[1]);
            default -> 1;
        };
    }

    /** The input neuron (dense) or input channel (convolution) that a flat weight index reads. */
    public int inputIndexOf(int flatIndex) {
        return switch (kind) {
            case DENSE, OUTPUT, EMBEDDING, LSTM_GATES -> (int) (flatIndex / weightShape[1]);
            case DECONV2D -> (int) (flatIndex / (nOut * kernelArea()));
            // Conv1D values are read as [k, nIn, nOut] (graph.ParamLayout), not in the view's [nOut, nIn, k, 1].
            case CONV1D -> (int) ((flatIndex / weightShape[0]) % weightShape[1]);
            case DEPTHWISE_CONV2D -> (int) ((flatIndex / weightShape[3]) % weightShape[2]);
            case SEPARABLE_POINTWISE -> (int) (flatIndex % weightShape[1]);
            default -> (int) ((flatIndex / kernelArea()) % weightShape[1]);
        };
    }

    /** The output neuron, filter, channel or hidden unit that a flat weight index feeds. */
    public int outputIndexOf(int flatIndex) {
        return switch (kind) {
            case DENSE, OUTPUT, EMBEDDING -> (int) (flatIndex % nOut);
            case LSTM_GATES -> (int) ((flatIndex % weightShape[1]) % nOut);
            case DECONV2D -> (int) ((flatIndex / kernelArea()) % nOut);
            case CONV1D -> (int) (flatIndex % weightShape[0]);
            case DEPTHWISE_CONV2D -> {
                long mult = weightShape[3];
                yield (int) (((flatIndex / mult) % weightShape[2]) * mult + flatIndex % mult);
            }
            case SEPARABLE_DEPTHWISE -> {
                long perM = weightShape[1] * kernelArea();
                yield (int) (((flatIndex / kernelArea()) % weightShape[1]) * weightShape[0] + flatIndex / perM);
            }
            case SEPARABLE_POINTWISE -> (int) (flatIndex / weightShape[1]);
            default -> (int) (flatIndex / (kernelArea() * weightShape[1]));
        };
    }

    /** Dense MACs for one inference: every weight times its uses. */
    public long denseMacs() {
        return weightCount() * usesPerInference;
    }

    /** A copy with the number of uses per inference filled in. */
    public PrunableLayer withUsesPerInference(long uses) {
        return new PrunableLayer(name, kind, weightKey, biasKey, inputKey, outputKey, nIn, nOut, weightShape, uses);
    }

    @Override
    public String toString() {
        return "PrunableLayer[" + name + ", " + kind + ", W=" + weightKey + Arrays.toString(weightShape) + "]";
    }
}
