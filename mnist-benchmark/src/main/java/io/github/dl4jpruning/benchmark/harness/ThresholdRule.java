package io.github.dl4jpruning.benchmark.harness;

import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.NeuronStats;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The document's threshold rule, {@code E > alpha * max(E)} with {@code E = |w| * p(input fires) * uses}, evaluated on
 * a trained network: what fraction of the connections it would prune (the document keeps those above the threshold).
 * It shows why the benchmark prunes to a stated sparsity instead: on 784-128-10 the rule removes nearly everything.
 *
 * @param alpha              the document's alpha (0.7)
 * @param maxEnergy          {@code max(E)} over every connection of the dense layers
 * @param threshold          {@code alpha * max(E)}
 * @param fractionPruned     fraction of the connections at or below the threshold
 */
public record ThresholdRule(double alpha, double maxEnergy, double threshold, double fractionPruned) {

    /** Evaluates the rule over every weight of every dense layer (global {@code max(E)}, one use per inference). */
    public static ThresholdRule evaluate(MultiLayerNetwork net, ActivationStats stats, double alpha) {
        NetworkAdapter adapter = NetworkAdapter.of(net);
        double max = 0;
        long total = 0;
        java.util.List<INDArray> energies = new java.util.ArrayList<>();
        for (PrunableLayer layer : adapter.layers()) {
            NeuronStats in = stats.inputOf(layer);
            INDArray p = Nd4j.createFromArray(in.firingProbability()).castTo(net.params().dataType())
                    .reshape(in.size(), 1);
            INDArray e = Transforms.abs(adapter.param(layer.weightKey()), true).mulColumnVector(p);
            energies.add(e);
            max = Math.max(max, e.maxNumber().doubleValue());
            total += e.length();
        }
        double threshold = alpha * max;
        long pruned = 0;
        for (INDArray e : energies) {
            pruned += e.lte(threshold).castTo(org.nd4j.linalg.api.buffer.DataType.INT64).sumNumber().longValue();
        }
        return new ThresholdRule(alpha, max, threshold, (double) pruned / total);
    }
}
