package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.Arrays;
import java.util.Collection;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one network an {@link EnergyPruningCallback} prunes, and the checks that run before it is bound: the callback is
 * not called from a {@code ParallelWrapper} worker, its layer names exist in the network, it is attached once, and
 * its masks fit the network's parameters. A check that fails leaves the callback unbound, so the next call checks
 * again (and fails again) before any parameter changes.
 */
final class NetworkBinding {

    /** The name DL4J 1.0.0-M2.1's {@code ParallelWrapper} gives its worker threads. */
    static final String PARALLEL_WRAPPER_THREAD = "ParallelWrapper training thread";

    private final Pruner pruner;
    private final InputType inputType;
    private NetworkAdapter adapter;
    private PruneMasks checkedMasks;

    NetworkBinding(Pruner pruner, InputType inputType) {
        this.pruner = pruner;
        this.inputType = inputType;
    }

    /** The bound network's adapter, or {@code null} if none is bound yet. */
    NetworkAdapter current() {
        return adapter;
    }

    /**
     * The adapter of {@code model}, binding the callback to it on first use.
     *
     * @throws IllegalStateException if called from a {@code ParallelWrapper} worker, with a network other than the
     *                               bound one, or with the callback attached twice
     * @throws IllegalArgumentException if a configured layer is unknown or cannot be pruned in {@code model}
     */
    NetworkAdapter adapter(Model model) {
        // Checked on every call: ParallelWrapper's worker 0 trains the bound network itself.
        refuseParallelWrapperWorker();
        if (adapter != null && adapter.model() == model) {
            return adapter;
        }
        if (adapter != null) {
            throw new IllegalStateException("this EnergyPruningCallback is bound to " + describe(adapter.model())
                    + " but was called with " + describe(model) + ": its masks, history and statistics belong to the "
                    + "first network. Build one callback per network, or call bindTo(network) to move it on purpose "
                    + "(for example to a restored copy), keeping its masks and history");
        }
        return bind(model);
    }

    /** An adapter of {@code model} with the callback's input type, without binding to it. */
    NetworkAdapter unbound(Model model) {
        return NetworkAdapter.of(model, inputType);
    }

    /** Binds to {@code model} after checking it, replacing any earlier binding. */
    NetworkAdapter bind(Model model) {
        NetworkAdapter candidate = NetworkAdapter.of(model, inputType);
        pruner.checkLayers(candidate);
        adapter = candidate;
        checkedMasks = null;
        return adapter;
    }

    /**
     * Fails if the callback was found more than once among the network's listeners: every step would then run twice.
     */
    static void refuseDoubleAttachment(Model model, TrainingListener callback) {
        Collection<TrainingListener> listeners = listenersOf(model);
        if (listeners == null) {
            return;
        }
        long n = listeners.stream().filter(l -> l == callback).count();
        if (n > 1) {
            throw new IllegalStateException("this EnergyPruningCallback is attached " + n + " times to "
                    + describe(model) + ": every pruning step and mask update would run " + n + " times. Attach it "
                    + "once (net.setListeners(...) replaces the listeners, net.addListeners(...) appends to them)");
        }
    }

    /**
     * Fails unless every mask fits a parameter of the bound network; checked once for each new set of masks.
     *
     * @throws IllegalStateException naming the parameter key, the mask's shape and the parameter's shape
     */
    void checkMasks(PruneMasks masks) {
        if (masks == checkedMasks || masks.isEmpty()) {
            return;
        }
        for (String key : masks.keys()) {
            INDArray p = adapter.model().paramTable().get(key);
            if (p == null) {
                throw new IllegalStateException("prune mask '" + key + "' (shape "
                        + Arrays.toString(masks.shape(key)) + ") matches no parameter of " + describe(adapter.model())
                        + "; its parameters are " + adapter.model().paramTable().keySet()
                        + ". Were the masks set (setMasks/resume) from another architecture?");
            }
            if (!Arrays.equals(p.shape(), masks.shape(key))) {
                throw new IllegalStateException("prune mask '" + key + "' has shape "
                        + Arrays.toString(masks.shape(key)) + " but parameter '" + key + "' of "
                        + describe(adapter.model()) + " has shape " + Arrays.toString(p.shape())
                        + ". Were the masks set (setMasks/resume) from another architecture?");
            }
        }
        checkedMasks = masks;
    }

    private static void refuseParallelWrapperWorker() {
        if (Thread.currentThread().getName().startsWith(PARALLEL_WRAPPER_THREAD)) {
            throw new IllegalStateException("EnergyPruningCallback was called from a ParallelWrapper worker thread ('"
                    + Thread.currentThread().getName() + "'). ParallelWrapper trains a separate copy of the network "
                    + "on each worker and never fires epoch events, so the callback would not prune on an epoch "
                    + "schedule and would prune once per worker on an iteration schedule. Do not pass the callback "
                    + "to ParallelWrapper.setListeners(...): use ParallelPruning.of(callback, net), give its "
                    + "workerListener() to the ParallelWrapper and call epochDone() after each pw.fit(...)");
        }
    }

    static String describe(Model model) {
        if (model == null) {
            return "null";
        }
        return model.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(model))
                + " (" + model.numParams() + " parameters)";
    }

    private static Collection<TrainingListener> listenersOf(Model model) {
        if (model instanceof MultiLayerNetwork mln) {
            return mln.getListeners();
        }
        if (model instanceof ComputationGraph graph) {
            return graph.getListeners();
        }
        return null;
    }
}
