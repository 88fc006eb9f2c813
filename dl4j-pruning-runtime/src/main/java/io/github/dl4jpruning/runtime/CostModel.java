package io.github.dl4jpruning.runtime;

/**
 * Picks the dense or the sparse kernel of a fully connected layer from the density of its weights (non-zeros /
 * {@code in * out}) and the batch class. The thresholds were measured on this project's reference machine (AMD EPYC,
 * AVX2, JDK 17 C2, one thread) with {@code KernelCalibration}, which times both kernels on random
 * {@code in x out} matrices over a range of densities; they are where the sparse kernel stops being faster. Measured
 * on 2026-12-02 on a 784 x 128 layer with MNIST-like inputs (81% zeros), by thread CPU time while other jobs loaded
 * the machine: sparse / dense time 0.25 at 10% density, 0.58 at 30%, 0.75 at 40%, 0.95 at 60% for batch 1; 0.32 at
 * 10%, 0.49 at 20%, 1.25 at 30% for batch 128.
 *
 * <ul>
 *   <li>batch 1 to 7 (scatter per active input): the sparse kernel wins below {@link #SMALL_BATCH_DENSITY};</li>
 *   <li>batch 8 and more (batch-vectorised, transposed): below {@link #LARGE_BATCH_DENSITY}.</li>
 * </ul>
 *
 * A deterministic threshold rather than a timing at load: the same file picks the same kernels on every load, so
 * outputs do not change from one start to the next. Rerun {@code KernelCalibration} on a different CPU and compare.
 */
public final class CostModel {

    /** Densities at or below this use the sparse kernel for batches below {@link SparseKernel#TRANSPOSED_MIN_BATCH}. */
    public static final double SMALL_BATCH_DENSITY = 0.50;
    /** Densities at or below this use the sparse kernel for larger batches. */
    public static final double LARGE_BATCH_DENSITY = 0.25;

    private CostModel() {
    }

    /** True when the sparse kernel is predicted to be faster for this density and batch class. */
    public static boolean sparseWins(double density, boolean largeBatch) {
        return density <= (largeBatch ? LARGE_BATCH_DENSITY : SMALL_BATCH_DENSITY);
    }

    /** The density of a weight array: non-zeros / length (1 for an empty array). */
    public static double density(float[] w) {
        if (w.length == 0) {
            return 1;
        }
        long nnz = 0;
        for (float v : w) {
            if (v != 0f) {
                nnz++;
            }
        }
        return (double) nnz / w.length;
    }
}
