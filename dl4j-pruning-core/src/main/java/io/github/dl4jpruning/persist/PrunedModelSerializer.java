package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves and restores a model together with its pruning state, like DL4J's {@code ModelSerializer}: the file is an
 * ordinary DL4J model zip (any DL4J program can load it with {@code ModelSerializer}, which ignores the extra entries)
 * plus the prune masks, the activation statistics and the pruning progress (history, epoch and iteration counters).
 *
 * <p>Saving writes a temporary file in the target's directory and renames it into place, so a failure leaves no half
 * file; an existing file is replaced only with {@code overwrite = true}. Restoring only reads the file.
 *
 * <p>Restoring treats the file as untrusted input: it is read once and checked (entry names, inflated sizes against
 * the architecture, array headers, an allow-list of classes for every Java-serialized entry) before DL4J's
 * {@code ModelSerializer} sees exactly the checked bytes, so a hostile or broken file ends in
 * {@link PrunedModelException}. Restoring needs memory for about three copies of the file's inflated content while
 * it runs. A file without masks restores with a WARN log; for checkpoints during training use
 * {@link PruningCheckpointListener}, which saves the masks (DL4J's {@code CheckpointListener} does not).
 *
 * <pre>{@code
 * PrunedModelSerializer.save(new File("pruned.zip"), net, pruningCallback, true);
 * RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(new File("pruned.zip"));
 * r.resume(newCallbackWithSameSchedule);
 * }</pre>
 */
public final class PrunedModelSerializer {
    private static final Logger log = LoggerFactory.getLogger(PrunedModelSerializer.class);

    private PrunedModelSerializer() {
    }

    /**
     * Saves {@code model} with the callback's state; refuses to replace an existing file.
     *
     * @throws PrunedModelException if the callback's masks do not fit {@code model} (nothing is written then)
     */
    public static void save(File file, Model model, EnergyPruningCallback callback, boolean saveUpdater)
            throws IOException {
        save(file, model, PruningState.of(callback, model), saveUpdater, false);
    }

    /**
     * Saves {@code model} with {@code state}; refuses to replace an existing file.
     *
     * @throws PrunedModelException if the masks do not fit {@code model} (nothing is written then)
     */
    public static void save(File file, Model model, PruningState state, boolean saveUpdater) throws IOException {
        save(file, model, state, saveUpdater, false);
    }

    /**
     * Saves {@code model} with {@code state}.
     *
     * @param saveUpdater whether to save the optimizer state (needed to continue training exactly)
     * @param overwrite   whether an existing {@code file} may be replaced (atomically)
     * @throws FileAlreadyExistsException if {@code file} exists and {@code overwrite} is false
     * @throws PrunedModelException       if a mask has no matching parameter in {@code model} or another shape (masks
     *                                    of another architecture); nothing is written then
     */
    public static void save(File file, Model model, PruningState state, boolean saveUpdater, boolean overwrite)
            throws IOException {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null (use PruningState.ofMasks(new PruneMasks(), "
                    + "model) for none)");
        }
        if (state.masks() != null) {
            checkMasks("the masks to save for " + file, model.paramTable(), state.masks());
        }
        Path target = file.getAbsoluteFile().toPath();
        if (!overwrite && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "refusing to replace an existing model file; pass overwrite = true");
        }
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            ModelSerializer.writeModel(model, tmp.toFile(), saveUpdater);
            if (state.masks() != null) {
                ModelSerializer.addObjectToFile(tmp.toFile(), StateEntries.MASKS, state.masks());
            }
            if (state.statistics() != null) {
                ModelSerializer.addObjectToFile(tmp.toFile(), StateEntries.STATISTICS, state.statistics());
            }
            String json = StateEntries.JSON.writeValueAsString(new SavedProgress(SavedProgress.FORMAT_VERSION,
                    state.epochCount(), state.iterationCount(), state.history()));
            ModelSerializer.addObjectToFile(tmp.toFile(), StateEntries.PROGRESS, json);
            moveIntoPlace(tmp, target, overwrite);
        } finally {
            Files.deleteIfExists(tmp);
        }
        log.info("saved pruned model to {} ({} masks, {} pruning events, epoch {})", target,
                state.masks() == null ? 0 : state.masks().keys().size(), state.history().size(), state.epochCount());
    }

    private static void moveIntoPlace(Path tmp, Path target, boolean overwrite) throws IOException {
        if (overwrite) {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return;
        }
        try {
            // A hard link fails atomically if the target appeared meanwhile; a rename would replace it silently.
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            Files.move(tmp, target);
        }
    }

    /**
     * Restores a {@code MultiLayerNetwork} with its updater. A file without masks (saved by DL4J's
     * {@code ModelSerializer} or {@code CheckpointListener}) is restored with a WARN log and
     * {@code state().hasMasks() == false}; use {@link #restoreMultiLayerNetwork(File, boolean, boolean)} with
     * {@code requireMasks = true} to make it an error.
     *
     * @throws PrunedModelException see {@link #restoreMultiLayerNetwork(File, boolean, boolean)}
     */
    public static RestoredModel<MultiLayerNetwork> restoreMultiLayerNetwork(File file) throws IOException {
        return restoreMultiLayerNetwork(file, true, false);
    }

    /**
     * Restores a {@code MultiLayerNetwork} and its pruning state, reading the file only (it is never changed).
     *
     * <p>The file is checked before DL4J reads any of it: entry names, sizes against the architecture in
     * {@code configuration.json}, array headers, and every Java-serialized entry under a class allow-list, so a
     * hostile file ends in this exception rather than an {@code OutOfMemoryError} or code run from the file. What
     * this does <em>not</em> make trustworthy: the weights themselves (a file can hold any values, including NaN),
     * the architecture (any DL4J configuration that parses is built), and {@code normalizer.bin}, which is carried
     * but never read here; do not call {@code ModelSerializer.restoreNormalizerFromFile} on a file you do not trust.
     *
     * @param loadUpdater  whether to restore the optimizer state
     * @param requireMasks whether a file without prune masks is an error (otherwise it is a WARN log)
     * @throws java.io.FileNotFoundException if {@code file} is not a file
     * @throws PrunedModelException for a truncated or corrupt file, an entry that is not allowed, too large, or holds
     *                              a class outside the allow-list (named in the message), a missing (when required)
     *                              or corrupt mask entry, or masks whose keys or shapes do not match the network's
     *                              parameters
     */
    public static RestoredModel<MultiLayerNetwork> restoreMultiLayerNetwork(File file, boolean loadUpdater,
                                                                            boolean requireMasks) throws IOException {
        ModelZipGuard.Checked zip = check(file, false);
        StateEntries.Raw raw = readEntries(file, zip, requireMasks);
        MultiLayerNetwork net;
        try {
            net = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip.toZip()), loadUpdater);
        } catch (IOException | RuntimeException e) {
            throw new PrunedModelException("cannot restore a MultiLayerNetwork from " + file + ": " + e, e);
        }
        PruningState state = finish(file, net, raw);
        net.getLayerWiseConfigurations().setEpochCount(state.epochCount());
        net.getLayerWiseConfigurations().setIterationCount(state.iterationCount());
        return new RestoredModel<>(net, state);
    }

    /** Restores a {@code ComputationGraph} with its updater; masks may be absent (with a WARN log). */
    public static RestoredModel<ComputationGraph> restoreComputationGraph(File file) throws IOException {
        return restoreComputationGraph(file, true, false);
    }

    /**
     * Restores a {@code ComputationGraph}; see {@link #restoreMultiLayerNetwork(File, boolean, boolean)}.
     *
     * @throws PrunedModelException as for {@link #restoreMultiLayerNetwork(File, boolean, boolean)}
     */
    public static RestoredModel<ComputationGraph> restoreComputationGraph(File file, boolean loadUpdater,
                                                                          boolean requireMasks) throws IOException {
        ModelZipGuard.Checked zip = check(file, true);
        StateEntries.Raw raw = readEntries(file, zip, requireMasks);
        ComputationGraph graph;
        try {
            graph = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(zip.toZip()), loadUpdater);
        } catch (IOException | RuntimeException e) {
            throw new PrunedModelException("cannot restore a ComputationGraph from " + file + ": " + e, e);
        }
        PruningState state = finish(file, graph, raw);
        graph.getConfiguration().setEpochCount(state.epochCount());
        graph.getConfiguration().setIterationCount(state.iterationCount());
        return new RestoredModel<>(graph, state);
    }

    private static ModelZipGuard.Checked check(File file, boolean graph) throws IOException {
        if (!file.isFile()) {
            throw new java.io.FileNotFoundException("no model file " + file.getAbsolutePath());
        }
        return ModelZipGuard.read(file, graph);
    }

    private static StateEntries.Raw readEntries(File file, ModelZipGuard.Checked zip, boolean requireMasks)
            throws PrunedModelException {
        StateEntries.Raw raw;
        try {
            raw = StateEntries.read(zip);
        } catch (PrunedModelException e) {
            throw new PrunedModelException("model file " + file + ": " + e.getMessage(), e);
        }
        if (raw.masks() == null) {
            String why = "model file " + file + " has no prune masks (entry 'objects/" + StateEntries.MASKS
                    + "'): it was saved without masks or with DL4J's ModelSerializer or CheckpointListener";
            if (requireMasks) {
                throw new PrunedModelException(why);
            }
            log.warn("{}. Its zero weights are NOT protected: training it with a pruning callback lets them grow "
                    + "back (the network becomes dense again). Save with PrunedModelSerializer or "
                    + "PruningCheckpointListener, or restore with requireMasks = true to make this an error.", why);
        }
        return raw;
    }

    private static PruningState finish(File file, Model model, StateEntries.Raw raw) throws PrunedModelException {
        if (raw.masks() != null) {
            checkMasks(file.toString(), model.paramTable(), raw.masks());
        }
        SavedProgress p = raw.progress();
        int epochs = p == null ? epochCount(model) : p.epochCount();
        int iterations = p == null ? iterationCount(model) : p.iterationCount();
        List<io.github.dl4jpruning.pruning.PruningEvent> history = p == null ? List.of() : p.history();
        return new PruningState(raw.masks(), raw.statistics(), history, epochs, iterations);
    }

    private static void checkMasks(String where, Map<String, INDArray> params, PruneMasks masks)
            throws PrunedModelException {
        for (String key : masks.keys()) {
            INDArray p = params.get(key);
            if (p == null) {
                throw new PrunedModelException("prune mask '" + key + "' in " + where + " has no matching parameter; "
                        + "the network's parameters are " + params.keySet());
            }
            if (!Arrays.equals(p.shape(), masks.shape(key))) {
                throw new PrunedModelException("prune mask '" + key + "' in " + where + " has shape "
                        + Arrays.toString(masks.shape(key)) + ", expected " + Arrays.toString(p.shape())
                        + " (the parameter's shape)");
            }
        }
    }

    private static int epochCount(Model m) {
        return m instanceof MultiLayerNetwork n ? n.getLayerWiseConfigurations().getEpochCount()
                : ((ComputationGraph) m).getConfiguration().getEpochCount();
    }

    private static int iterationCount(Model m) {
        return m instanceof MultiLayerNetwork n ? n.getLayerWiseConfigurations().getIterationCount()
                : ((ComputationGraph) m).getConfiguration().getIterationCount();
    }
}
