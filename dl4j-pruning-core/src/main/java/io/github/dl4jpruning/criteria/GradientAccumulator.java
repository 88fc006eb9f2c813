package io.github.dl4jpruning.criteria;

import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link SignalCollector} that sums, per weight, a function of the weight and its gradient over the iterations
 * since the last pruning step: {@code |w * g|} for Taylor, {@code (w * g)^2} for Fisher.
 *
 * <pre>{@code
 * SignalCollector taylor = new GradientAccumulator((w, g, out) -> Transforms.abs(w.mul(g, out), false));
 * }</pre>
 */
public final class GradientAccumulator implements SignalCollector {

    /** Writes the per-weight term of one iteration into {@code out} (same shape and order as {@code w}). */
    @FunctionalInterface
    public interface Term {
        void compute(INDArray w, INDArray g, INDArray out);
    }

    private final Term term;
    private final Map<String, INDArray> sums = new HashMap<>();
    private final Map<String, INDArray> scratch = new HashMap<>();

    public GradientAccumulator(Term term) {
        if (term == null) {
            throw new IllegalArgumentException("term must not be null");
        }
        this.term = term;
    }

    @Override
    public void onGradient(NetworkAdapter net) {
        Gradient gradient = net.gradient();
        if (gradient == null) {
            return;
        }
        // Runs every iteration: the term goes through one scratch array per weight and the sums stay in the
        // parameter's memory order, so nothing is allocated after the first iteration and no op mixes 'f' and 'c'
        // order (ND4J's slow path: a mixed-order multiply of a 784x128 W took 186 us, an op in one order about 11).
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (PrunableLayer l : net.layers()) {
                INDArray g = gradient.gradientForVariable().get(l.weightKey());
                if (g == null) {
                    continue;
                }
                INDArray w = net.param(l.weightKey());
                INDArray out = scratch.get(l.weightKey());
                if (out == null || !sameLayout(out, w)) {
                    out = Nd4j.createUninitialized(w.dataType(), w.shape(), w.ordering());
                    scratch.put(l.weightKey(), out);
                }
                term.compute(w, g, out);
                INDArray acc = sums.get(l.weightKey());
                if (acc == null) {
                    sums.put(l.weightKey(), out.dup(out.ordering()));
                } else {
                    acc.addi(out);
                }
            }
        }
    }

    @Override
    public Map<String, double[]> values() {
        Map<String, double[]> out = new LinkedHashMap<>();
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            sums.forEach((k, v) -> out.put(k, Nd4j.toFlattened('c', v).toDoubleVector()));
        }
        return out;
    }

    @Override
    public void reset() {
        sums.clear();
    }

    private static boolean sameLayout(INDArray a, INDArray b) {
        return a.dataType() == b.dataType() && a.ordering() == b.ordering() && Arrays.equals(a.shape(), b.shape());
    }
}
