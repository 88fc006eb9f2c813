package io.github.dl4jpruning.sparse;

import io.github.dl4jpruning.network.LayerKind;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One layer of a sparse export. Rows of {@link #weights()} are the layer's output neurons (filters), so a sparse
 * kernel computes each output from one row: for a dense layer the matrix is {@code W^T} ({@code [nOut, nIn]}), for a
 * convolution {@code W} flattened to {@code [nOut, nIn * kH * kW]}.
 *
 * @param name        the layer's name
 * @param kind        dense, output or 2D convolution
 * @param weightKey   the DL4J parameter key, e.g. {@code "0_W"}
 * @param weightShape the DL4J weight parameter's shape
 * @param weights     the weights in CSR form, one row per output
 * @param bias        the bias (dense float32), or an empty array if the layer has none
 */
public record SparseLayer(String name, LayerKind kind, String weightKey, long[] weightShape, CsrMatrix weights,
                          float[] bias) {

    /** The weights as a dense array of the DL4J parameter's shape. */
    public INDArray denseWeights() {
        float[] m = weights.toDense();
        if (!kind.isFullyConnected()) {
            return Nd4j.create(m, weightShape, 'c');
        }
        // Rows are outputs: transpose back to DL4J's [nIn, nOut].
        int nIn = weights.cols();
        int nOut = weights.rows();
        float[] w = new float[m.length];
        for (int o = 0; o < nOut; o++) {
            for (int i = 0; i < nIn; i++) {
                w[i * nOut + o] = m[o * nIn + i];
            }
        }
        return Nd4j.create(w, weightShape, 'c');
    }
}
