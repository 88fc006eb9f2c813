package io.github.dl4jpruning.stats;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
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
 * off-heap churn cost more than the training step itself. A float or double array laid out contiguously (c order,
 * or f order for a matrix, possibly a view with an offset) is read in place; anything else is first copied once.
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
        MinibatchSums s = new MinibatchSums(per);
        DataType type = activation.dataType();
        if (type == DataType.FLOAT && contiguous(activation)) {
            s.addFloats(activation, mb, per, (float) epsilon);
        } else if (type == DataType.DOUBLE && contiguous(activation)) {
            s.addDoubles(activation, mb, per, epsilon);
        } else {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                // Half precision and friends: compare against epsilon as that type rounds it, like gt(epsilon) does.
                double threshold = type == DataType.FLOAT || type == DataType.DOUBLE ? epsilon
                        : Nd4j.scalar(type, epsilon).getDouble(0);
                INDArray copy = type == DataType.FLOAT || type == DataType.DOUBLE
                        ? activation.dup('c') : activation.castTo(DataType.DOUBLE).dup('c');
                if (copy.dataType() == DataType.FLOAT) {
                    s.addFloats(copy, mb, per, (float) threshold);
                } else {
                    s.addDoubles(copy, mb, per, threshold);
                }
            }
        }
        return s;
    }

    /** Dense in memory in its own order: c order of any rank, or an f-order matrix. */
    private static boolean contiguous(INDArray a) {
        return Shape.hasDefaultStridesForShape(a) && (a.ordering() == 'c' || a.rank() == 2);
    }

    // Element (r, c) of the [mb, per] matrix sits at offset + r * rowStride + c * colStride. Zeros (most ReLU outputs
    // and MNIST pixels) add nothing to any of the three sums and are skipped.

    private void addFloats(INDArray a, int mb, int per, float threshold) {
        FloatBuffer b = a.data().asNioFloat();
        int offset = Math.toIntExact(a.offset());
        boolean f = a.ordering() == 'f';
        int rowStride = f ? 1 : per;
        int colStride = f ? mb : 1;
        for (int r = 0; r < mb; r++) {
            for (int c = 0; c < per; c++) {
                float v = b.get(offset + r * rowStride + c * colStride);
                if (v != 0) {
                    double d = v;
                    firing[c] += Math.abs(v) > threshold ? 1 : 0;
                    absSums[c] += Math.abs(d);
                    squareSums[c] += d * d;
                }
            }
        }
    }

    private void addDoubles(INDArray a, int mb, int per, double threshold) {
        DoubleBuffer b = a.data().asNioDouble();
        int offset = Math.toIntExact(a.offset());
        boolean f = a.ordering() == 'f';
        int rowStride = f ? 1 : per;
        int colStride = f ? mb : 1;
        for (int r = 0; r < mb; r++) {
            for (int c = 0; c < per; c++) {
                double d = b.get(offset + r * rowStride + c * colStride);
                if (d != 0) {
                    firing[c] += Math.abs(d) > threshold ? 1 : 0;
                    absSums[c] += Math.abs(d);
                    squareSums[c] += d * d;
                }
            }
        }
    }
}
