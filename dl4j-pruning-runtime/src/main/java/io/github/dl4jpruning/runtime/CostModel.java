package io.github.dl4jpruning.runtime;

/**
 * Picks the dense or the sparse kernel of a fully connected layer from the density of its weights (non-zeros /
 * {@code in * out}) and the batch class, each with its own pair of loops:
 *
 * <ul>
 *   <li>batch 1 to {@value #MEDIUM_BATCH} - 1: dense one example at a time (from 4 on the blocked product of
 *       {@link Gemm}), sparse a scatter per active input: the sparse kernel wins up to
 *       {@link #SMALL_BATCH_DENSITY};</li>
 *   <li>batch {@value #MEDIUM_BATCH} to {@value #LARGE_BATCH} - 1: dense the blocked product, sparse the scatter per
 *       example: up to {@link #MEDIUM_BATCH_DENSITY};</li>
 *   <li>batch {@value #LARGE_BATCH} and more: dense the blocked product, sparse the batch-vectorised transposed loop:
 *       up to {@link #LARGE_BATCH_DENSITY}.</li>
 * </ul>
 *
 * The thresholds were measured on this project's reference machine (AMD EPYC, AVX2/AVX-512, JDK 17 C2, one thread)
 * on a 784 x 128 layer with the first MNIST test images as inputs (81% zeros), timing both kernels over densities
 * from 10% to 60% by thread CPU time while other jobs loaded the machine (2026-12-02, after the blocked product):
 * sparse / dense time 0.30 at 10% density, 0.53 at 30%, 0.73 at 50%, 0.83-0.87 at 60% for batch 1; 0.72-0.88 at
 * 10%, 0.99-1.18 at 20% for batches 8 to 32 (scatter); 0.46-0.58 at 10%, 0.82-0.89 at 30%, 1.07-1.36 at 40% for
 * batches 64 and 128 (transposed). {@code KernelCalibration} in the benchmark module times the same comparison.
 *
 * <p>A deterministic threshold rather than a timing at load: the same file picks the same kernels on every load, so
 * outputs do not change from one start to the next. Rerun the calibration on a different CPU and compare.
 */
public final class CostModel {

    /** The first batch of the medium class. */
    public static final int MEDIUM_BATCH = 8;
    /** The first batch of the large class (the sparse kernel's transposed loop, {@link SparseKernel}). */
    public static final int LARGE_BATCH = 64;
    /** Densities at or below this use the sparse kernel for batches below {@link #MEDIUM_BATCH}. */
    public static final double SMALL_BATCH_DENSITY = 0.50;
    /** Densities at or below this use the sparse kernel for batches from {@link #MEDIUM_BATCH} to {@link #LARGE_BATCH}. */
    public static final double MEDIUM_BATCH_DENSITY = 0.15;
    /** Densities at or below this use the sparse kernel for batches of {@link #LARGE_BATCH} and more. */
    public static final double LARGE_BATCH_DENSITY = 0.25;

    private CostModel() {
    }

    /**
     * True when the sparse kernel is predicted to be faster for this density and batch.
     *
     * <pre>{@code
     * CostModel.sparseWins(0.10, 128);   // true: a 90% sparse layer at batch 128
     * CostModel.sparseWins(0.40, 128);   // false: the blocked dense product wins
     * }</pre>
     */
    public static boolean sparseWins(double density, int batch) {
        return density <= (batch < MEDIUM_BATCH ? SMALL_BATCH_DENSITY
                : batch < LARGE_BATCH ? MEDIUM_BATCH_DENSITY : LARGE_BATCH_DENSITY);
    }

    /** {@link #sparseWins(double, int)} for batch 1 ({@code largeBatch} false) or 128 (true). */
    public static boolean sparseWins(double density, boolean largeBatch) {
        return sparseWins(density, largeBatch ? 128 : 1);
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
