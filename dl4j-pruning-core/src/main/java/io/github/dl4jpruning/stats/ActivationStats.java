package io.github.dl4jpruning.stats;

import io.github.dl4jpruning.network.LayerKind;
import io.github.dl4jpruning.network.PrunableLayer;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-neuron activation statistics of a network, keyed by activation: {@code "input"} and layer indices for a
 * {@code MultiLayerNetwork}, vertex names for a {@code ComputationGraph}. Filled by {@link ActivationStatsListener}
 * during {@code fit()} or by {@link Calibration} for a network trained elsewhere. Deserialization checks what it reads
 * (see {@link NeuronStats} for the per-activation checks).
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

    /**
     * Adds everything {@code other} recorded to these statistics: per activation, the example counts, firing counts and
     * the sums of {@code |a|} and {@code a^2} are added (sums, never means), so statistics recorded on several workers
     * over disjoint parts of the data merge into the statistics of all of it. An activation only {@code other} has is
     * copied. The sums are exact up to the order of floating-point addition (bit-identical when the activations are
     * exactly representable, as with dyadic weights and inputs). {@code other} is not changed; merging an empty
     * instance changes nothing.
     *
     * <pre>{@code
     * ActivationStats all = new ActivationStats(0);
     * for (ActivationStats part : perWorker) {
     *     all.merge(part);
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code other} is null, {@code this}, was recorded with another epsilon, or
     *                                  holds an activation with another per-example shape than the same key here;
     *                                  nothing is added then
     */
    public void merge(ActivationStats other) {
        if (other == null) {
            throw new IllegalArgumentException("statistics to merge must not be null");
        }
        if (other == this) {
            throw new IllegalArgumentException("cannot merge statistics into themselves (that would double them); "
                    + "merge a copy()");
        }
        if (other.epsilon != epsilon) {
            throw new IllegalArgumentException("statistics to merge were recorded with epsilon " + other.epsilon
                    + ", these count firing with epsilon " + epsilon + "; expected the same epsilon");
        }
        // Check every activation before adding any, so a mismatch leaves these statistics as they were.
        for (Map.Entry<String, NeuronStats> e : other.byKey.entrySet()) {
            NeuronStats mine = byKey.get(e.getKey());
            if (mine != null && !Arrays.equals(mine.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("activation '" + e.getKey() + "' has per-example shape "
                        + Arrays.toString(e.getValue().shape()) + " in the statistics to merge, expected "
                        + Arrays.toString(mine.shape()) + " (statistics of another network?)");
            }
        }
        for (Map.Entry<String, NeuronStats> e : other.byKey.entrySet()) {
            NeuronStats mine = byKey.get(e.getKey());
            if (mine == null) {
                byKey.put(e.getKey(), e.getValue().copy());
            } else {
                mine.addAll(e.getValue());
            }
        }
    }

    /** An independent copy. */
    public ActivationStats copy() {
        ActivationStats c = new ActivationStats(epsilon);
        byKey.forEach((k, v) -> c.byKey.put(k, v.copy()));
        return c;
    }

    /**
     * Reads the fields and rejects values this class could not have built.
     *
     * @throws InvalidObjectException naming the value, for an epsilon that is negative, NaN or infinite, a missing map,
     *                                or an entry that is not a non-null activation name with its {@link NeuronStats};
     *                                or from {@link NeuronStats} for invalid counts, sums or shapes
     */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new InvalidObjectException("activation statistics with epsilon " + epsilon
                    + "; expected a finite value >= 0");
        }
        if (byKey == null) {
            throw new InvalidObjectException("activation statistics without their map of activations");
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) byKey).entrySet()) {
            if (!(e.getKey() instanceof String) || !(e.getValue() instanceof NeuronStats)) {
                throw new InvalidObjectException("activation statistics entry " + e.getKey() + " -> "
                        + (e.getValue() == null ? "null" : e.getValue().getClass().getName())
                        + "; expected an activation name and its NeuronStats");
            }
        }
    }
}
