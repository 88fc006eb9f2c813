package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL4J's {@code CheckpointListener} for pruned training: it saves every N epochs or iterations through
 * {@link PrunedModelSerializer}, so each checkpoint carries the prune masks, the activation statistics and the pruning
 * progress besides the network (DL4J's own listener saves no masks, and training a network restored from it makes
 * it dense again). Each file is written to a temporary file and renamed into place; only the last K are kept.
 *
 * <p>Add it after the pruning callback, so that an epoch's pruning step is in the checkpoint taken at its end:
 * <pre>{@code
 * PruningCheckpointListener checkpoints = PruningCheckpointListener.builder(new File("checkpoints"), pruning)
 *         .saveEveryNEpochs(1).keepLast(3).build();
 * net.addListeners(pruning, checkpoints);
 * net.fit(train, 10);
 * RestoredModel<MultiLayerNetwork> r =
 *         PrunedModelSerializer.restoreMultiLayerNetwork(PruningCheckpointListener.lastCheckpoint(dir), true, true);
 * }</pre>
 *
 * <p>A checkpoint that cannot be written stops training with an {@link UncheckedIOException} naming the file, rather
 * than training on without the checkpoints the user asked for.
 */
public final class PruningCheckpointListener extends BaseTrainingListener {
    private static final Logger log = LoggerFactory.getLogger(PruningCheckpointListener.class);
    private static final String PREFIX = "pruned-checkpoint_";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{1,9})_epoch\\d+_iter\\d+\\.zip");

    private final File dir;
    private final EnergyPruningCallback pruning;
    private final int everyEpochs;
    private final int everyIterations;
    private final int keepLast;
    private final boolean saveUpdater;
    private int next;

    private PruningCheckpointListener(Builder b) {
        this.dir = b.dir;
        this.pruning = b.pruning;
        this.everyEpochs = b.everyEpochs;
        this.everyIterations = b.everyIterations;
        this.keepLast = b.keepLast;
        this.saveUpdater = b.saveUpdater;
        this.next = checkpoints(dir).stream().mapToInt(PruningCheckpointListener::number).max().orElse(0) + 1;
    }

    /**
     * A builder saving into {@code dir} the state of {@code pruning}.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public static Builder builder(File dir, EnergyPruningCallback pruning) {
        if (dir == null || pruning == null) {
            throw new IllegalArgumentException("dir and pruning callback must not be null, got " + dir + " and "
                    + pruning);
        }
        return new Builder(dir, pruning);
    }

    /** The checkpoints in {@code dir}, oldest first (empty if there are none). */
    public static List<File> checkpoints(File dir) {
        File[] files = dir.listFiles((d, n) -> NAME.matcher(n).matches());
        List<File> out = new ArrayList<>(files == null ? List.of() : List.of(files));
        out.sort(Comparator.comparingInt(PruningCheckpointListener::number));
        return out;
    }

    /** The newest checkpoint in {@code dir}, or {@code null} if there is none. */
    public static File lastCheckpoint(File dir) {
        List<File> all = checkpoints(dir);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private static int number(File f) {
        Matcher m = NAME.matcher(f.getName());
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        // DL4J counts the iteration after the listeners ran: the counters saved are those after this iteration.
        if (everyIterations > 0 && (iteration + 1) % everyIterations == 0) {
            save(model, epoch, iteration + 1);
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        int epoch = epochCount(model);
        // DL4J increments the epoch counter after onEpochEnd: this epoch is complete, so the next one is epoch + 1.
        if (everyEpochs > 0 && (epoch + 1) % everyEpochs == 0) {
            save(model, epoch + 1, iterationCount(model));
        }
    }

    private void save(Model model, int epochs, int iterations) {
        PruningState now = PruningState.of(pruning, model);
        PruningState state = new PruningState(now.masks(), now.statistics(), now.history(), epochs, iterations);
        File file = new File(dir, PREFIX + next + "_epoch" + epochs + "_iter" + iterations + ".zip");
        try {
            PrunedModelSerializer.save(file, model, state, saveUpdater, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pruning checkpoint " + file + ": " + e.getMessage(), e);
        }
        next++;
        List<File> all = checkpoints(dir);
        for (int i = 0; i < all.size() - keepLast; i++) {
            try {
                Files.deleteIfExists(all.get(i).toPath());
            } catch (IOException e) {
                log.warn("cannot delete old pruning checkpoint {}: {}", all.get(i), e.toString());
            }
        }
        log.info("pruning checkpoint {} (epoch {}, iteration {}, {} masks)", file, epochs, iterations,
                state.masks() == null ? 0 : state.masks().keys().size());
    }

    private static int epochCount(Model m) {
        return io.github.dl4jpruning.network.NetworkAdapter.of(m).epochCount();
    }

    private static int iterationCount(Model m) {
        return io.github.dl4jpruning.network.NetworkAdapter.of(m).iterationCount();
    }

    /** Builds a {@link PruningCheckpointListener}; by default every epoch, keeping the last 3, with the updater. */
    public static final class Builder {
        private final File dir;
        private final EnergyPruningCallback pruning;
        private int everyEpochs = 1;
        private int everyIterations;
        private int keepLast = 3;
        private boolean saveUpdater = true;

        private Builder(File dir, EnergyPruningCallback pruning) {
            this.dir = dir;
            this.pruning = pruning;
        }

        /** Saves at the end of every {@code n}-th epoch; 0 for never. */
        public Builder saveEveryNEpochs(int n) {
            this.everyEpochs = atLeast("epochs", n, 0);
            return this;
        }

        /** Saves after every {@code n}-th iteration; 0 (the default) for never. */
        public Builder saveEveryNIterations(int n) {
            this.everyIterations = atLeast("iterations", n, 0);
            return this;
        }

        /** Keeps the newest {@code k} checkpoints in the directory and deletes older ones. */
        public Builder keepLast(int k) {
            this.keepLast = atLeast("keepLast", k, 1);
            return this;
        }

        /** Whether to save the optimizer state (needed to continue training exactly); true by default. */
        public Builder saveUpdater(boolean saveUpdater) {
            this.saveUpdater = saveUpdater;
            return this;
        }

        /**
         * The listener; creates the directory.
         *
         * @throws UncheckedIOException if the directory cannot be created
         */
        public PruningCheckpointListener build() {
            try {
                Files.createDirectories(dir.toPath());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create checkpoint directory " + dir + ": " + e, e);
            }
            return new PruningCheckpointListener(this);
        }

        private static int atLeast(String what, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(what + " must be >= " + min + ", got " + value);
            }
            return value;
        }
    }
}
