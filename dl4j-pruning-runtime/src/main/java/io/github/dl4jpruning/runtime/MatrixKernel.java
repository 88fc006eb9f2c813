package io.github.dl4jpruning.runtime;

/**
 * {@code y += x W} for a batch: {@code x} is {@code batch x in}, {@code W} is {@code in x out}, {@code y} is
 * {@code batch x out} (all row-major), {@code y} already holding the bias. One implementation per storage of
 * {@code W}: {@link DenseKernel} and {@link SparseKernel}.
 */
interface MatrixKernel {

    /** Adds {@code x W} to {@code y}. */
    void multiplyAdd(float[] x, int batch, float[] y);

    /** Rows of {@code W} (inputs). */
    int in();

    /** Columns of {@code W} (outputs). */
    int out();

    /** Stored weights that are multiplied: {@code in * out} for a dense kernel, the non-zeros for a sparse one. */
    long storedWeights();

    /** {@code dense} or {@code csr}. */
    String name();
}
