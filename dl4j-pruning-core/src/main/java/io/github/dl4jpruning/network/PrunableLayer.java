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
 * @param kind            dense, output or 2D convolution
 * @param weightKey       the DL4J parameter key of the weights, e.g. {@code "0_W"} or {@code "dense1_W"}
 * @param biasKey         the parameter key of the bias, or {@code null} if the layer has none
 * @param inputKey        the key of the activation that feeds this layer, as recorded by the statistics listener
 * @param outputKey       the key under which this layer's own output activation is recorded
 * @param nIn             input neurons (dense) or input channels (convolution)
 * @param nOut            output neurons or filters
 * @param weightShape     the shape of the weight parameter
 * @param usesPerInference how many times each weight is used for one input example: 1 for dense layers,
 *                        {@code H_out * W_out} for a convolution, 0 if not yet known
 * @param successor       the name of the next prunable layer that reads this layer's output directly (through
 *                        parameter-free layers only), or {@code null}
 */
public record PrunableLayer(String name, LayerKind kind, String weightKey, String biasKey, String inputKey,
                            String outputKey, long nIn, long nOut, long[] weightShape, long usesPerInference,
                            String successor) {

    /** Number of weights. */
    public int weightCount() {
        long n = 1;
        for (long d : weightShape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    /** Kernel area {@code kH * kW} (1 for dense layers). */
    public int kernelArea() {
        return kind == LayerKind.CONV2D ? Math.toIntExact(weightShape[2] * weightShape[3]) : 1;
    }

    /** The input neuron (dense) or input channel (convolution) that a flat weight index reads. */
    public int inputIndexOf(int flatIndex) {
        if (kind.isFullyConnected()) {
            return (int) (flatIndex / nOut);
        }
        return (int) ((flatIndex / kernelArea()) % nIn);
    }

    /** The output neuron or filter that a flat weight index feeds. */
    public int outputIndexOf(int flatIndex) {
        if (kind.isFullyConnected()) {
            return (int) (flatIndex % nOut);
        }
        return (int) (flatIndex / (kernelArea() * nIn));
    }

    /** Dense MACs for one inference: every weight times its uses. */
    public long denseMacs() {
        return weightCount() * usesPerInference;
    }

    /** A copy with the number of uses per inference filled in. */
    public PrunableLayer withUsesPerInference(long uses) {
        return new PrunableLayer(name, kind, weightKey, biasKey, inputKey, outputKey, nIn, nOut, weightShape, uses,
                successor);
    }

    @Override
    public String toString() {
        return "PrunableLayer[" + name + ", " + kind + ", W=" + weightKey + Arrays.toString(weightShape) + "]";
    }
}
