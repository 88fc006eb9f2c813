package io.github.dl4jpruning.sparse;

/**
 * How large a network's weights are stored densely and sparsely.
 *
 * @param weights         weights and biases exported
 * @param nonZeroWeights  non-zero weights (biases are stored densely and not counted here)
 * @param denseBytes      bytes as dense float32: 4 per weight and bias
 * @param sparseBytes     bytes of the sparse export as written (CSR arrays, biases, headers)
 * @param sparseGzipBytes the same bytes after gzip
 */
public record SizeReport(long weights, long nonZeroWeights, long denseBytes, long sparseBytes, long sparseGzipBytes) {

    /** {@code denseBytes / sparseBytes}: above 1 when the sparse form is smaller. */
    public double sparseRatio() {
        return sparseBytes == 0 ? 0 : (double) denseBytes / sparseBytes;
    }

    /** {@code denseBytes / sparseGzipBytes}. */
    public double gzipRatio() {
        return sparseGzipBytes == 0 ? 0 : (double) denseBytes / sparseGzipBytes;
    }
}
