package io.github.dl4jpruning.benchmark.zoo;

import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.persist.PrunedModelSerializer;
import io.github.dl4jpruning.persist.PruningState;
import io.github.dl4jpruning.persist.RestoredModel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The zoo scenario's checks on a pruned network: emptied layers, the save/restore round trip, output agreement. */
final class ZooChecks {

    private ZooChecks() {
    }

    /**
     * Prunable layers none of whose output units (neurons, filters) has a non-zero incoming weight: the layer's output
     * is then a constant. Read from the weights themselves, so it holds whatever masks were written.
     */
    static int layersEmptied(NetworkAdapter net) {
        int emptied = 0;
        for (PrunableLayer l : net.layers()) {
            double[] w = net.param(l.weightKey()).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            boolean[] alive = new boolean[Math.toIntExact(l.nOut())];
            for (int i = 0; i < w.length; i++) {
                if (w[i] != 0) {
                    alive[l.outputIndexOf(i)] = true;
                }
            }
            boolean any = false;
            for (boolean b : alive) {
                any |= b;
            }
            emptied += any ? 0 : 1;
        }
        return emptied;
    }

    /**
     * Saves {@code model} with its masks through {@code PrunedModelSerializer}, restores it, and compares masks and
     * parameters exactly; the file is removed afterwards.
     *
     * @return whether masks and parameters came back equal (a difference is recorded in {@code a})
     */
    static boolean roundTrip(Model model, PruneMasks masks, Path workDir, Attempt a) throws IOException {
        Path file = Files.createTempFile(workDir, "zoo-", ".zip");
        try {
            PrunedModelSerializer.save(file.toFile(), model, PruningState.ofMasks(masks, model), false, true);
            File f = file.toFile();
            RestoredModel<? extends Model> restored = model instanceof MultiLayerNetwork
                    ? PrunedModelSerializer.restoreMultiLayerNetwork(f) : PrunedModelSerializer.restoreComputationGraph(f);
            try {
                String diff = difference(model, masks, restored);
                if (diff != null) {
                    a.wrong("save/restore", diff);
                }
                return diff == null;
            } finally {
                ZooMemory.release(restored.network());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The first difference between the saved and the restored network, or {@code null}. */
    private static String difference(Model model, PruneMasks masks, RestoredModel<? extends Model> restored) {
        PruneMasks back = restored.state().masks();
        if (back == null || !back.keys().equals(masks.keys())) {
            return "masks " + (back == null ? null : back.keys()) + " restored, expected " + masks.keys();
        }
        for (String k : masks.keys()) {
            if (!Arrays.equals(back.values(k), masks.values(k)) || !Arrays.equals(back.shape(k), masks.shape(k))) {
                return "mask '" + k + "' differs after restoring";
            }
        }
        Map<String, INDArray> before = model.paramTable();
        Map<String, INDArray> after = restored.network().paramTable();
        if (!before.keySet().equals(after.keySet())) {
            return "parameters " + after.keySet() + " restored, expected " + before.keySet();
        }
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            INDArray b = e.getValue();
            INDArray r = after.get(e.getKey());
            if (!Arrays.equals(b.shape(), r.shape()) || Transforms.abs(b.sub(r)).maxNumber().doubleValue() != 0) {
                return "parameter '" + e.getKey() + "' differs after restoring";
            }
        }
        return null;
    }

    /**
     * The largest |a(x) - b(x)| over all outputs, and the largest |a(x)|, both computed in double precision on copies
     * of the two networks: the figure measures what compaction changed, not float32 rounding. Compaction removes
     * channels and so changes the order of every sum that read them; in float32 that alone moves the outputs of an
     * ill-conditioned network (InceptionResNetV1 with random weights: pre-activations near 1e6 before tanh) by 1e-2,
     * as much as the dense network's float32 output differs from its own double-precision output, while masked and
     * compacted agree to 1e-10 in double precision. Each network reads its own copy of {@code x}: a layer that works
     * in place on its input (DL4J's {@code ActivationLayer} does at inference) cannot hide a difference by changing
     * what the second network reads. Neither network nor {@code x} is modified.
     *
     * @return {@code {maxAbsDiff, maxAbsOutput}}
     * @throws IllegalStateException if the networks have different numbers or shapes of outputs
     */
    static double[] maxAbsDiff(Model a, Model b, INDArray x) {
        INDArray[] ya = outputsInDouble(a, x);
        INDArray[] yb = outputsInDouble(b, x);
        if (ya.length != yb.length) {
            throw new IllegalStateException(yb.length + " outputs after compaction, expected " + ya.length);
        }
        double diff = 0;
        double max = 0;
        for (int i = 0; i < ya.length; i++) {
            if (!Arrays.equals(ya[i].shape(), yb[i].shape())) {
                throw new IllegalStateException("output " + i + " has shape " + Arrays.toString(yb[i].shape())
                        + " after compaction, expected " + Arrays.toString(ya[i].shape()));
            }
            diff = Math.max(diff, Transforms.abs(ya[i].sub(yb[i])).maxNumber().doubleValue());
            max = Math.max(max, Transforms.abs(ya[i]).maxNumber().doubleValue());
        }
        return new double[] {diff, max};
    }

    /** The outputs of a double-precision copy of {@code m} (one at a time, to bound memory) on a copy of {@code x}. */
    private static INDArray[] outputsInDouble(Model m, INDArray x) {
        Model copy = m instanceof MultiLayerNetwork n ? n.convertDataType(DataType.DOUBLE)
                : ((ComputationGraph) m).convertDataType(DataType.DOUBLE);
        try {
            return outputs(copy, x.castTo(DataType.DOUBLE).dup());
        } finally {
            if (copy != m) {
                ZooMemory.release(copy);
            }
        }
    }

    private static INDArray[] outputs(Model m, INDArray x) {
        if (m instanceof MultiLayerNetwork n) {
            return new INDArray[] {n.output(x, false)};
        }
        return ((ComputationGraph) m).output(false, x);
    }
}
