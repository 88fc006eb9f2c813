package io.github.dl4jpruning.stats;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Running statistics of one activation (the network input or one layer's output), per neuron. For a 4D activation
 * {@code [minibatch, C, H, W]} a "neuron" is one element of the per-example {@code C*H*W} volume in c-order;
 * {@link #perChannel()} folds them into per-channel statistics.
 *
 * <p>Not thread-safe; the listener fills it from the training thread. Deserialization checks what it reads (a file
 * is not trusted): an instance whose counts or sums this class could not have built is rejected with an
 * {@link InvalidObjectException} naming the value.
 */
public final class NeuronStats implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] shape;
    private long samples;
    private final double[] firing;
    private final double[] sumAbs;
    private final double[] sumSq;

    /**
     * @param shape the per-example shape of the activation, e.g. {@code [784]} or {@code [C, H, W]}
     */
    public NeuronStats(long[] shape) {
        this.shape = shape.clone();
        int n = Math.toIntExact(Arrays.stream(shape).reduce(1, (x, y) -> x * y));
        this.firing = new double[n];
        this.sumAbs = new double[n];
        this.sumSq = new double[n];
    }

    private NeuronStats(long[] shape, long samples, double[] firing, double[] sumAbs, double[] sumSq) {
        this.shape = shape;
        this.samples = samples;
        this.firing = firing;
        this.sumAbs = sumAbs;
        this.sumSq = sumSq;
    }

    /**
     * Adds the reductions of one minibatch.
     *
     * @param examples     examples in the minibatch
     * @param firingCounts per neuron, how many examples had {@code |a| > eps}
     * @param absSums      per neuron, the sum of {@code |a|}
     * @param squareSums   per neuron, the sum of {@code a^2}
     */
    public void add(long examples, double[] firingCounts, double[] absSums, double[] squareSums) {
        if (firingCounts.length != firing.length || absSums.length != firing.length || squareSums.length != firing.length) {
            throw new IllegalArgumentException("expected " + firing.length + " neurons, got " + firingCounts.length);
        }
        // Check the whole minibatch before adding any of it: a rejected minibatch leaves the statistics as they were.
        for (int i = 0; i < firing.length; i++) {
            double a = absSums[i];
            double s = squareSums[i];
            if (!Double.isFinite(a) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("activation statistics of neuron " + i + " are not finite (sum|a|="
                        + a + ", sum a^2=" + s + "): the network produced NaN or infinite activations");
            }
        }
        for (int i = 0; i < firing.length; i++) {
            firing[i] += firingCounts[i];
            sumAbs[i] += absSums[i];
            sumSq[i] += squareSums[i];
        }
        samples += examples;
    }

    /** Adds another instance's counts and sums (same shape, checked by the caller). */
    void addAll(NeuronStats other) {
        for (int i = 0; i < firing.length; i++) {
            firing[i] += other.firing[i];
            sumAbs[i] += other.sumAbs[i];
            sumSq[i] += other.sumSq[i];
        }
        samples += other.samples;
    }

    /** Examples seen. */
    public long samples() {
        return samples;
    }

    /** The per-example shape of the activation. */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of neurons (elements per example). */
    public int size() {
        return firing.length;
    }

    /** Per neuron, the fraction of examples in which it fired ({@code |a| > eps}); 0 if nothing was seen. */
    public double[] firingProbability() {
        return divide(firing, false);
    }

    /** Per neuron, the mean of {@code |a|}. */
    public double[] meanAbs() {
        return divide(sumAbs, false);
    }

    /** Per neuron, the root mean square of {@code a}. */
    public double[] rms() {
        return divide(sumSq, true);
    }

    private double[] divide(double[] sums, boolean sqrt) {
        double[] out = new double[sums.length];
        if (samples == 0) {
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            double v = sums[i] / samples;
            out[i] = sqrt ? Math.sqrt(v) : v;
        }
        return out;
    }

    /**
     * Folds a {@code [C, H, W]} activation into per-channel statistics: a channel fires with the mean probability of
     * its positions. Statistics of a 1D activation are returned as they are.
     */
    public NeuronStats perChannel() {
        if (shape.length != 3) {
            return this;
        }
        int c = (int) shape[0];
        int hw = firing.length / c;
        double[] f = new double[c];
        double[] a = new double[c];
        double[] s = new double[c];
        for (int i = 0; i < firing.length; i++) {
            int ch = i / hw;
            f[ch] += firing[i] / hw;
            a[ch] += sumAbs[i] / hw;
            s[ch] += sumSq[i] / hw;
        }
        return new NeuronStats(new long[] {c}, samples, f, a, s);
    }

    /** The same statistics seen with another per-example shape of the same size (an independent copy). */
    NeuronStats withShape(long[] newShape) {
        if (Arrays.stream(newShape).reduce(1, (x, y) -> x * y) != firing.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(newShape) + " does not hold "
                    + firing.length + " entries");
        }
        return new NeuronStats(newShape.clone(), samples, firing.clone(), sumAbs.clone(), sumSq.clone());
    }

    /** An independent copy. */
    public NeuronStats copy() {
        return new NeuronStats(shape.clone(), samples, firing.clone(), sumAbs.clone(), sumSq.clone());
    }

    /**
     * Reads the fields and rejects values {@link #add} could not have produced.
     *
     * @throws InvalidObjectException naming the value, for a missing or non-positive shape, arrays whose lengths differ
     *                                from the shape's size, a negative example count, a firing count that is NaN,
     *                                negative or above the example count, or a sum of {@code |a|} or {@code a^2} that
     *                                is NaN, infinite or negative
     */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        String bad = invalidity();
        if (bad != null) {
            throw new InvalidObjectException("activation statistics " + bad);
        }
    }

    /** Why these fields could not have been built by this class, or {@code null} if they could. */
    private String invalidity() {
        if (shape == null || shape.length == 0) {
            return "without a per-example shape (got " + Arrays.toString(shape) + "); expected at least one dimension";
        }
        long n = 1;
        for (long d : shape) {
            if (d <= 0 || n * d > Integer.MAX_VALUE) {
                return "with per-example shape " + Arrays.toString(shape) + ": dimension " + d
                        + "; expected sizes > 0 holding at most " + Integer.MAX_VALUE + " neurons";
            }
            n *= d;
        }
        if (firing == null || sumAbs == null || sumSq == null || firing.length != n || sumAbs.length != n
                || sumSq.length != n) {
            return "of per-example shape " + Arrays.toString(shape) + " with " + length(firing) + " firing counts, "
                    + length(sumAbs) + " sums of |a| and " + length(sumSq) + " sums of a^2; expected " + n + " of each";
        }
        if (samples < 0) {
            return "with " + samples + " examples; expected a count >= 0";
        }
        for (int i = 0; i < n; i++) {
            if (!(firing[i] >= 0 && firing[i] <= samples)) {
                return "with firing count " + firing[i] + " at neuron " + i + "; expected a count in [0, " + samples
                        + "] (the examples seen)";
            }
            if (!(sumAbs[i] >= 0) || Double.isInfinite(sumAbs[i]) || !(sumSq[i] >= 0) || Double.isInfinite(sumSq[i])) {
                return "with sum|a|=" + sumAbs[i] + ", sum a^2=" + sumSq[i] + " at neuron " + i
                        + "; expected finite sums >= 0";
            }
        }
        return null;
    }

    private static String length(double[] a) {
        return a == null ? "null" : Integer.toString(a.length);
    }
}
