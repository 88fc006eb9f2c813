package io.github.dl4jpruning.stats;

import io.github.dl4jpruning.network.LayerKind;
import io.github.dl4jpruning.network.PrunableLayer;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-neuron activation statistics of a network, keyed by activation: {@code "input"} and layer indices for a
 * {@code MultiLayerNetwork}, vertex names for a {@code ComputationGraph}. Filled by {@link ActivationStatsListener}
 * during {@code fit()} or by {@link Calibration} for a network trained elsewhere.
 */
public final class ActivationStats implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double epsilon;
    private final Map<String, NeuronStats> byKey = new LinkedHashMap<>();

    /**
     * @param epsilon a neuron fires when {@code |a| > epsilon}; 0 counts every non-zero activation (right for ReLU)
     */
    public ActivationStats(double epsilon) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a finite value >= 0, got " + epsilon);
        }
        this.epsilon = epsilon;
    }

    /** The firing threshold. */
    public double epsilon() {
        return epsilon;
    }

    /**
     * Reduces one minibatch activation {@code [mb, ...]} into the statistics of {@code key}. The array may live in a
     * training workspace: it is read in place and only Java arrays are kept.
     */
    public void record(String key, INDArray activation) {
        if (activation == null || activation.rank() < 2 || activation.size(0) == 0) {
            return;
        }
        MinibatchSums sums = MinibatchSums.of(activation, epsilon);
        NeuronStats stats = byKey.get(key);
        if (stats == null || stats.size() != sums.firing.length) {
            stats = new NeuronStats(Arrays.copyOfRange(activation.shape(), 1, activation.rank()));
            byKey.put(key, stats);
        }
        stats.add(activation.size(0), sums.firing, sums.absSums, sums.squareSums);
    }

    /** Statistics of one activation, or {@code null} if it was never recorded. */
    public NeuronStats get(String key) {
        return byKey.get(key);
    }

    /** All recorded activations. */
    public Map<String, NeuronStats> all() {
        return Collections.unmodifiableMap(byKey);
    }

    /** Per-example shapes of the recorded activations. */
    public Map<String, long[]> shapes() {
        Map<String, long[]> out = new LinkedHashMap<>();
        byKey.forEach((k, v) -> out.put(k, v.shape()));
        return out;
    }

    /** Whether anything has been recorded. */
    public boolean isEmpty() {
        return byKey.values().stream().allMatch(s -> s.samples() == 0);
    }

    /**
     * The statistics of the activation that feeds {@code layer}, one entry per input neuron (dense) or input channel
     * (convolution).
     *
     * @throws IllegalStateException if the layer's input was never recorded, or its size does not match the layer
     */
    public NeuronStats inputOf(PrunableLayer layer) {
        NeuronStats s = byKey.get(layer.inputKey());
        if (s == null || s.samples() == 0) {
            throw new IllegalStateException("no activation statistics for the input of layer '" + layer.name()
                    + "' (activation '" + layer.inputKey() + "'); recorded: " + byKey.keySet()
                    + ". Attach an ActivationStatsListener before fit(), or run Calibration.run(...)");
        }
        if (layer.kind() == LayerKind.CONV2D && s.shape().length == 1 && s.size() != layer.nIn()
                && s.size() % layer.nIn() == 0) {
            // A flat input reshaped by a FeedForwardToCnnPreProcessor (InputType.convolutionalFlat): it becomes
            // [C, H, W] in c order, channel-major, so each channel is a contiguous block of H * W entries.
            s = s.withShape(new long[] {layer.nIn(), s.size() / layer.nIn(), 1});
        }
        NeuronStats in = layer.kind() == LayerKind.CONV2D || layer.kind().readsChannels() ? s.perChannel() : s;
        if (in.size() != layer.nIn()) {
            throw new IllegalStateException("activation '" + layer.inputKey() + "' has " + in.size()
                    + " neurons but layer '" + layer.name() + "' expects nIn=" + layer.nIn());
        }
        return in;
    }

    /** Forgets everything recorded. */
    public void reset() {
        byKey.clear();
    }

    /**
     * Replaces everything recorded with a copy of {@code saved} (for example statistics restored from a file).
     *
     * @throws IllegalArgumentException if {@code saved} is null or was recorded with another epsilon
     */
    public void replaceWith(ActivationStats saved) {
        if (saved == null) {
            throw new IllegalArgumentException("saved statistics must not be null");
        }
        if (saved.epsilon != epsilon) {
            throw new IllegalArgumentException("saved statistics were recorded with epsilon " + saved.epsilon
                    + ", these count firing with epsilon " + epsilon + "; expected the same epsilon");
        }
        byKey.clear();
        saved.byKey.forEach((k, v) -> byKey.put(k, v.copy()));
    }

    /** An independent copy. */
    public ActivationStats copy() {
        ActivationStats c = new ActivationStats(epsilon);
        byKey.forEach((k, v) -> c.byKey.put(k, v.copy()));
        return c;
    }
}
