package io.github.dl4jpruning.benchmark.zoo;

import io.github.dl4jpruning.compact.CompactionResult;
import io.github.dl4jpruning.compact.Compactor;
import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.pruning.Pruner;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.pruning.PruningEvent;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the zoo scenario's stages on one architecture and turns whatever happens into a {@link ZooRow}: build with
 * random weights, unstructured 50% (global ranking, on a copy), structured 50% of the units (global ranking), count
 * emptied layers, save and restore with {@code PrunedModelSerializer}, compact and compare outputs. Each stage runs in
 * its own try: a failure (an exception, or {@code OutOfMemoryError}) becomes part of the row's {@code reason} and the
 * stages that need its result are skipped; nothing is thrown to the caller.
 *
 * <pre>{@code
 * ZooRunner runner = new ZooRunner(12345, Files.createTempDirectory("zoo"));
 * for (ZooEntry e : ZooModels.all()) {
 *     ZooRow row = runner.run(e);
 * }
 * }</pre>
 */
public final class ZooRunner {
    private static final Logger log = LoggerFactory.getLogger(ZooRunner.class);

    /** The fraction of weights (unstructured) and of units (structured) pruned. */
    public static final double SPARSITY = 0.5;
    /**
     * Outputs agree when they differ by at most this times {@code max(1, largest |output|)}, both networks computed
     * in double precision ({@link ZooChecks#maxAbsDiff}).
     */
    public static final double OUTPUT_TOLERANCE = 1e-4;
    /** Examples in the random input on which masked and compacted outputs are compared. */
    static final int EXAMPLES = 2;

    private final long seed;
    private final Path workDir;

    /**
     * @param seed    seed of the random inputs
     * @param workDir where the save/restore stage writes its temporary model file (removed afterwards)
     */
    public ZooRunner(long seed, Path workDir) {
        this.seed = seed;
        this.workDir = workDir;
    }

    /** Runs every stage on one architecture; never throws for a failing model. */
    public ZooRow run(ZooEntry entry) {
        Attempt a = new Attempt(entry);
        Model model = a.stage("build", entry.build()::get);
        try {
            if (model != null) {
                stages(model, a);
            }
        } catch (OutOfMemoryError e) {
            a.fail("memory", e);
        } finally {
            ZooMemory.release(model);
        }
        return a.row();
    }

    private void stages(Model model, Attempt a) {
        ZooEntry entry = a.entry;
        InputType type = entry.inputType();
        a.paramsBefore = model.numParams();
        a.macsBefore = a.stage("MACs", () -> macs(model, type));
        a.stage("unstructured", () -> a.unstructuredOk = unstructured(model, type, a));
        PruningEvent structured = a.stage("structured", () -> {
            Pruner.Result r = new Pruner(config(Granularity.NEURONS))
                    .prune(NetworkAdapter.of(model, type), new PruneMasks(), Signals.none(), Target.sparsity(SPARSITY));
            a.masks = r.masks();
            return r.event();
        });
        if (structured == null) {
            return;
        }
        a.stepSeconds = structured.millis() / 1000;
        a.structuredOk = reached(structured.unitSparsity(), a, "structured", "unit sparsity");
        a.layersEmptied = a.stage("emptied layers", () -> ZooChecks.layersEmptied(NetworkAdapter.of(model, type)));
        a.stage("save/restore", () -> a.restoredOk = ZooChecks.roundTrip(model, a.masks, workDir, a));
        CompactionResult compacted = a.stage("compaction",
                () -> Compactor.builder().inputType(type).build().compact(model));
        if (compacted == null) {
            return;
        }
        Model small = compacted.network();
        try {
            a.paramsAfter = small.numParams();
            a.macsAfter = a.stage("MACs after compaction", () -> macs(small, type));
            INDArray x = randomInput(entry);
            a.stage("output comparison", () -> {
                double[] diff = ZooChecks.maxAbsDiff(model, small, x);
                a.maxAbsOutputDiff = diff[0];
                a.compactedOk = diff[0] <= OUTPUT_TOLERANCE * Math.max(1, diff[1]);
                if (!a.compactedOk) {
                    a.wrong("compaction", "outputs differ by " + diff[0] + " in double precision (largest |output| "
                            + diff[1] + ")");
                }
                return null;
            });
        } finally {
            ZooMemory.release(small);
        }
    }

    /** Prunes a copy by weights; the network itself stays dense for the structured stage. */
    private static boolean unstructured(Model model, InputType type, Attempt a) {
        Model copy = model instanceof MultiLayerNetwork n ? n.clone() : ((ComputationGraph) model).clone();
        try {
            // Without the input type the step skips its energy estimates before and after (a sparsity target with
            // magnitude needs none): on the large models they cost as much as the step.
            PruningEvent e = new Pruner(config(Granularity.WEIGHTS))
                    .prune(NetworkAdapter.of(copy), new PruneMasks(), Signals.none(), Target.sparsity(SPARSITY))
                    .event();
            return reached(e.sparsity(), a, "unstructured", "weight sparsity");
        } finally {
            ZooMemory.release(copy);
        }
    }

    private static PruningConfig config(Granularity granularity) {
        return PruningConfig.builder().scope(Scope.GLOBAL).granularity(granularity).build();
    }

    /**
     * Dense MACs per inference of the layers the core reports on: the sum of their {@code denseMacs()}, which is the
     * {@code PruningReport}'s "MACs dense" column without reading every weight (seconds on the large models).
     *
     * @throws IllegalStateException if the core reports on no layer, or a layer's uses per inference are unknown for
     *                               this input type
     */
    static long macs(Model model, InputType type) {
        NetworkAdapter net = NetworkAdapter.of(model, type);
        if (net.layers().isEmpty()) {
            throw new IllegalStateException("the core reports on no layer of this network; skipped: "
                    + net.skippedLayers());
        }
        long macs = 0;
        for (PrunableLayer l : net.layers()) {
            if (l.usesPerInference() <= 0) {
                throw new IllegalStateException("layer '" + l.name() + "' has no known uses per inference for input "
                        + type + "; its MACs cannot be counted");
            }
            macs += l.denseMacs();
        }
        return macs;
    }

    private INDArray randomInput(ZooEntry entry) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, entry.batchShape(EXAMPLES));
    }

    /** Whether a step reached the target (within one percentage point); if not, says so in the row's reason. */
    private static boolean reached(double value, Attempt a, String stage, String what) {
        if (Math.abs(value - SPARSITY) <= 0.01) {
            return true;
        }
        a.wrong(stage, what + " " + value + " reached, expected " + SPARSITY);
        return false;
    }
}
