package io.github.dl4jpruning.stats;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-neuron sums of one minibatch activation {@code [mb, ...]}: how many examples fired ({@code |a| > epsilon}),
 * the sum of {@code |a|} and the sum of {@code a^2}, accumulated in double.
 *
 * <p>This runs on every sampled training iteration, so it reads the activation's buffer directly in one pass instead
 * of chaining ND4J ops: each op allocated a temporary as large as the activation outside the workspaces, and that
 * off-heap churn cost more than the training step itself. A float or double array stored densely in c order
 * (possibly a view with an offset, as a minibatch of a larger array is) is read in place; anything else is copied
 * once.
 *
 * <p>The firing test compares in the activation's own data type ({@code |a| > (float) epsilon} for a float array), as
 * ND4J's {@code abs(a).gt(epsilon)} does.
 */
final class MinibatchSums {

    final double[] firing;
    final double[] absSums;
    final double[] squareSums;

    private MinibatchSums(int neurons) {
        firing = new double[neurons];
        absSums = new double[neurons];
        squareSums = new double[neurons];
    }

    /**
     * Reduces {@code activation} over its first dimension; a neuron is an element of the per-example volume in c order.
     *
     * @param activation rank >= 2, {@code size(0) > 0}; may live in a workspace (nothing is kept)
     */
    static MinibatchSums of(INDArray activation, double epsilon) {
        int mb = Math.toIntExact(activation.size(0));
        int per = Math.toIntExact(activation.length() / mb);
        DataType type = activation.dataType();
        boolean floatOrDouble = type == DataType.FLOAT || type == DataType.DOUBLE;
        MinibatchSums s = new MinibatchSums(per);
        if (floatOrDouble && activation.ordering() == 'c' && Shape.hasDefaultStridesForShape(activation)) {
            s.add(activation, mb, per, epsilon);
        } else {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                // Half precision and the like are widened to double and compared against epsilon as their type
                // rounds it, which is what comparing in their own type means.
                double threshold = floatOrDouble ? epsilon : Nd4j.scalar(type, epsilon).getDouble(0);
                INDArray copy = Nd4j.createUninitialized(floatOrDouble ? type : DataType.DOUBLE,
                        activation.shape(), 'c');
                s.add(copy.assign(activation), mb, per, threshold);
            }
        }
        return s;
    }

    // Both loops count |a| > threshold without a branch (which ReLU's zeros would make unpredictable): for
    // non-negative floats the bit patterns order like integers, so threshold - |a| is negative exactly when |a| is
    // larger. (A NaN counts as firing here, but its NaN sums make NeuronStats reject the whole minibatch.)

    /** Adds the rows of a dense c-order float or double array, read from its buffer; a float one compares in float. */
    private void add(INDArray a, int mb, int per, double threshold) {
        // A no-op on CPU; on a GPU backend it brings the device's values to the host buffer read below.
        Nd4j.getAffinityManager().ensureLocation(a, AffinityManager.Location.HOST);
        int offset = Math.toIntExact(a.offset());
        int[] fired = new int[per];
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer buffer = a.data().asNioFloat();
            float[] row = new float[per];
            int t = Float.floatToRawIntBits(Math.abs((float) threshold));
            for (int r = 0; r < mb; r++) {
                buffer.get(offset + r * per, row, 0, per);
                for (int c = 0; c < per; c++) {
                    float v = row[c];
                    double d = v;
                    absSums[c] += Math.abs(d);
                    squareSums[c] += d * d;
                    fired[c] += (t - (Float.floatToRawIntBits(v) & 0x7fff_ffff)) >>> 31;
                }
            }
        } else {
            DoubleBuffer buffer = a.data().asNioDouble();
            double[] row = new double[per];
            long t = Double.doubleToRawLongBits(Math.abs(threshold));
            for (int r = 0; r < mb; r++) {
                buffer.get(offset + r * per, row, 0, per);
                for (int c = 0; c < per; c++) {
                    double d = row[c];
                    absSums[c] += Math.abs(d);
                    squareSums[c] += d * d;
                    fired[c] += (int) ((t - (Double.doubleToRawLongBits(d) & 0x7fff_ffff_ffff_ffffL)) >>> 63);
                }
            }
        }
        for (int c = 0; c < per; c++) {
            firing[c] = fired[c];
        }
    }
}
