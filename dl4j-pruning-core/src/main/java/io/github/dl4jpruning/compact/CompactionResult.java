package io.github.dl4jpruning.compact;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A compacted network and what compaction removed.
 *
 * <p><b>Input index map.</b> With {@link Compactor.Builder#dropUnusedInputs(boolean)} the first layer keeps only the
 * input columns that some surviving weight reads (for MNIST, mostly not the border pixels), so the compacted network
 * takes fewer features: the caller must select them, {@code x.getColumns(result.inputIndexMap())}, or
 * {@link #selectInputs(INDArray)}, before every {@code output}/{@code fit}. Without that option the map is the
 * identity over the first layer's inputs.
 *
 * <pre>{@code
 * CompactionResult r = Compactor.builder().dropUnusedInputs(true).build().compact(net);
 * INDArray y = ((MultiLayerNetwork) r.network()).output(r.selectInputs(features));
 * }</pre>
 *
 * @param network          the new, smaller network (a {@code MultiLayerNetwork} or {@code ComputationGraph}, like the
 *                         original)
 * @param layers           per layer with weights (dense, output, convolution, recurrent, embedding), in topological
 *                         order
 * @param inputIndexMap    the original input columns (or channels) the compacted network reads, ascending
 * @param parametersBefore parameters of those layers before
 * @param parametersAfter  the same after
 * @param macsBefore       multiply-accumulates per inference before
 * @param macsAfter        multiply-accumulates per inference after
 */
public record CompactionResult(Model network, List<LayerCompaction> layers, int[] inputIndexMap, long parametersBefore,
                               long parametersAfter, long macsBefore, long macsAfter) {

    public CompactionResult {
        layers = List.copyOf(layers);
        inputIndexMap = inputIndexMap.clone();
    }

    /** A copy of the input index map. */
    @Override
    public int[] inputIndexMap() {
        return inputIndexMap.clone();
    }

    /** Fraction of hidden neurons and filters removed (the last layer, the output, not counted), in [0, 1). */
    public double removedFraction() {
        long before = 0;
        long after = 0;
        for (LayerCompaction l : layers.subList(0, Math.max(0, layers.size() - 1))) {
            before += l.neuronsBefore();
            after += l.neuronsAfter();
        }
        return before == 0 ? 0 : 1 - (double) after / before;
    }

    /** Fraction of multiply-accumulates removed, in [0, 1). */
    public double macReduction() {
        return macsBefore == 0 ? 0 : 1 - (double) macsAfter / macsBefore;
    }

    /**
     * The feature columns the compacted network reads, as {@code features.getColumns(inputIndexMap())} but in one
     * native call; {@code features} itself when the map keeps every column in order.
     */
    public INDArray selectInputs(INDArray features) {
        if (features.rank() != 2) {
            throw new IllegalArgumentException("selectInputs expects features of shape [batch, nIn], got rank "
                    + features.rank());
        }
        if (isIdentityOver(features.columns())) {
            return features;
        }
        // getColumns copies one column per native call: 20 ms for 784 columns of a 128-row batch, 40x the network's
        // own inference time. pullRows gathers the columns (tensors along dimension 0) in one call.
        return org.nd4j.linalg.factory.Nd4j.pullRows(features, 0, inputIndexMap);
    }

    private boolean isIdentityOver(long columns) {
        if (inputIndexMap.length != columns) {
            return false;
        }
        for (int i = 0; i < inputIndexMap.length; i++) {
            if (inputIndexMap[i] != i) {
                return false;
            }
        }
        return true;
    }
}
