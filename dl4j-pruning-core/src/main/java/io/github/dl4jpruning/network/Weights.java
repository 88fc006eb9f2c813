package io.github.dl4jpruning.network;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reads parameters into Java arrays in the library's canonical c-order flattening. */
public final class Weights {

    private Weights() {
    }

    /** A parameter's values, c-order flattened, checked to be finite. */
    public static double[] read(NetworkAdapter net, String key) {
        INDArray p = net.param(key);
        double[] v;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            v = Nd4j.toFlattened('c', p).toDoubleVector();
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("parameter '" + key + "' has a non-finite value " + v[i]
                        + " at flat index " + i + "; expected finite weights (did training diverge?)");
            }
        }
        return v;
    }
}
