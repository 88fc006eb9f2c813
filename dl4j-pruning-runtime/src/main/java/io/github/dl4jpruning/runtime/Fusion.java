package io.github.dl4jpruning.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's execution plan: its layers with each inference-mode batch normalisation ({@link ChannelAffine}) folded
 * into the convolution or fully connected layer before it, and each activation layer fused into the layer before it,
 * when that layer's output has no other reader and is not the model's output. Folding is exact up to float rounding
 * ({@code (x W) s + t = x (W s) + t}); it saves a pass over the activations per folded layer. The model file keeps
 * the layers as declared (no format change); only {@link RuntimeModel#output} runs the plan.
 *
 * <pre>{@code
 * Fusion.Plan p = Fusion.plan(layers, inputs);   // e.g. conv, BN, ReLU, conv, BN, add, ReLU -> conv, conv, add
 * }</pre>
 *
 * Folded: a {@link ChannelAffine} after a {@link Convolution} or {@link FullyConnected} whose activation is the
 * identity, over the producer's own output shape (one factor per filter or output). Fused: an {@link ActivationLayer} (softmax only after a fully connected layer) after a convolution, a
 * fully connected layer, a channel affine or an {@link Add} whose activation is the identity. Anything else (a BN
 * whose input is also read elsewhere, e.g. by a residual branch) stays a step of its own.
 */
final class Fusion {

    /**
     * The steps to run and, per step, the steps it reads ({@code -1}: the model input).
     *
     * @param steps  the layers to run, in order; the last one's output is the model's
     * @param inputs per step, the indices of the steps it reads
     */
    record Plan(List<Layer> steps, List<int[]> inputs) {
    }

    private Fusion() {
    }

    /** The plan of a valid model's {@code layers} and {@code inputs} (as {@link RuntimeModel} checked them). */
    static Plan plan(List<Layer> layers, int[][] inputs) {
        int n = layers.size();
        int[] readers = new int[n];
        for (int[] from : inputs) {
            for (int k : from) {
                if (k >= 0) {
                    readers[k]++;
                }
            }
        }
        List<Layer> steps = new ArrayList<>(n);
        List<int[]> stepInputs = new ArrayList<>(n);
        int[] stepOf = new int[n];    // layer -> the step computing its output
        for (int i = 0; i < n; i++) {
            Layer l = layers.get(i);
            int[] from = inputs[i];
            int k = from.length == 1 ? from[0] : -1;
            // k read by this layer alone (its step's output has no other use); the model's output stays the last
            // step's.
            if (k >= 0 && readers[k] == 1 && (i < n - 1 || stepOf[k] == steps.size() - 1)) {
                Layer fused = fuse(steps.get(stepOf[k]), l);
                if (fused != null) {
                    steps.set(stepOf[k], fused);
                    stepOf[i] = stepOf[k];
                    continue;
                }
            }
            int[] mapped = new int[from.length];
            for (int q = 0; q < from.length; q++) {
                mapped[q] = from[q] < 0 ? -1 : stepOf[from[q]];
            }
            stepOf[i] = steps.size();
            steps.add(l);
            stepInputs.add(mapped);
        }
        return new Plan(steps, stepInputs);
    }

    /** {@code next} applied after {@code producer} as one layer, or null when they cannot be one. */
    private static Layer fuse(Layer producer, Layer next) {
        if (next instanceof ChannelAffine bn) {
            if (!bn.inputShape().equals(producer.outputShape())) {    // per channel of the producer's own shape
                return null;
            }
            if (producer instanceof Convolution c && c.activation() == Activation.IDENTITY
                    && bn.activation() != Activation.SOFTMAX) {
                return c.withAffine(bn.scale(), bn.shift(), bn.activation());
            }
            if (producer instanceof FullyConnected f && f.activation() == Activation.IDENTITY) {
                return f.withAffine(bn.scale(), bn.shift(), bn.activation());
            }
            return null;
        }
        if (!(next instanceof ActivationLayer a)) {
            return null;
        }
        Activation act = a.activation();
        if (producer instanceof FullyConnected f && f.activation() == Activation.IDENTITY) {
            return f.withActivation(act);
        }
        if (act == Activation.SOFTMAX) {
            return null;
        }
        if (producer instanceof Convolution c && c.activation() == Activation.IDENTITY) {
            return c.withActivation(act);
        }
        if (producer instanceof ChannelAffine bn && bn.activation() == Activation.IDENTITY) {
            return bn.withActivation(act);
        }
        if (producer instanceof Add add && add.activation() == Activation.IDENTITY) {
            return new Add(add.inputShape(), add.arity(), act);
        }
        return null;
    }
}
