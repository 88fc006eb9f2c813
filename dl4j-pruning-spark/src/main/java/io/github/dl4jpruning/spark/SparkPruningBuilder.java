package io.github.dl4jpruning.spark;

import io.github.dl4jpruning.persist.RestoredModel;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.schedule.PruningSchedule;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * Builder for {@link SparkPruning}: the same {@link PruningConfig} and {@link PruningSchedule} as an
 * {@code EnergyPruningCallback} on one machine, plus how the workers sample activation statistics.
 *
 * <pre>{@code
 * SparkPruning pruning = SparkPruning.builder(config)
 *         .schedule(PruningSchedule.oneShot(1, 0.5))
 *         .build(sc, net, trainingMaster);            // a ParameterAveragingTrainingMaster
 * }</pre>
 */
public final class SparkPruningBuilder {
    /** How far the schedule is probed for iteration points. */
    static final int ITERATIONS_PROBED = 1_000_000;

    private final PruningConfig config;
    private PruningSchedule schedule = PruningSchedule.never();
    private int sampleEvery = 1;
    private double epsilon;
    private boolean holdMasksOnWorkers = true;

    SparkPruningBuilder(PruningConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null (use PruningConfig.defaults())");
        }
        if (config.criterion().needsGradients()) {
            throw new IllegalArgumentException("criterion '" + config.criterion().name() + "' ranks weights by "
                    + "gradients accumulated during fit(); on Spark they exist only inside each worker's averaging "
                    + "round and are not sent back, so it cannot run here. Use a criterion that reads weights and "
                    + "activation statistics (energy-aware, magnitude, activation-based)");
        }
        this.config = config;
    }

    /**
     * When to prune: epoch points only (each {@code fit(rdd)} is one epoch). A schedule with iteration points is
     * refused: workers count iterations inside averaging rounds the driver never sees one by one.
     *
     * @throws IllegalArgumentException if {@code schedule} is null or prunes at an iteration
     */
    public SparkPruningBuilder schedule(PruningSchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must not be null");
        }
        for (int i = 0; i < ITERATIONS_PROBED; i++) {
            if (schedule.atIteration(i).prune()) {
                throw new IllegalArgumentException("the schedule prunes at iteration " + i + "; on Spark each "
                        + "fit(rdd) is one epoch of averaging rounds and the driver sees the network only between "
                        + "rounds, so iteration points are not supported. Use epoch points (for example "
                        + "PruningSchedule.polynomial(..., PolynomialDecaySchedule.Unit.EPOCHS))");
            }
        }
        this.schedule = schedule;
        return this;
    }

    /**
     * Record every {@code k}-th forward pass of each task (default 1: every pass).
     *
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public SparkPruningBuilder sampleEvery(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("sampleEvery must be >= 1, got " + k);
        }
        this.sampleEvery = k;
        return this;
    }

    /**
     * A neuron fires when {@code |a| > epsilon} (default 0, right for ReLU).
     *
     * @throws IllegalArgumentException if {@code epsilon} is negative, NaN or infinite
     */
    public SparkPruningBuilder epsilon(double epsilon) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a finite value >= 0, got " + epsilon);
        }
        this.epsilon = epsilon;
        return this;
    }

    /** Tests only: without worker masks, pruned weights grow back on the workers (the driver still re-masks). */
    SparkPruningBuilder holdMasksOnWorkers(boolean hold) {
        this.holdMasksOnWorkers = hold;
        return this;
    }

    /**
     * Wraps {@code net} in a {@code SparkDl4jMultiLayer} trained by a copy of {@code trainingMaster}.
     *
     * @throws IllegalArgumentException if an argument is null, the master is not a
     *                                  {@code ParameterAveragingTrainingMaster} (see {@link SparkPruning}), or a
     *                                  configured layer is unknown or cannot be pruned in {@code net}
     */
    public SparkPruning build(JavaSparkContext sc, MultiLayerNetwork net, TrainingMaster<?, ?> trainingMaster) {
        return new SparkPruning(this, sc, net, checkMaster(sc, net, trainingMaster));
    }

    /**
     * Wraps {@code graph} in a {@code SparkComputationGraph} trained by a copy of {@code trainingMaster}.
     *
     * @throws IllegalArgumentException as {@link #build(JavaSparkContext, MultiLayerNetwork, TrainingMaster)}
     */
    public SparkPruning build(JavaSparkContext sc, ComputationGraph graph, TrainingMaster<?, ?> trainingMaster) {
        return new SparkPruning(this, sc, graph, checkMaster(sc, graph, trainingMaster));
    }

    /**
     * Continues a run saved with {@link SparkPruning#save}: the restored network with its masks, statistics and
     * history, and the schedule at the saved epoch. Works as well for a file saved on one machine.
     *
     * @throws IllegalArgumentException as {@link #build(JavaSparkContext, MultiLayerNetwork, TrainingMaster)}
     */
    public SparkPruning resume(JavaSparkContext sc, RestoredModel<? extends Model> restored,
                               TrainingMaster<?, ?> trainingMaster) {
        if (restored == null) {
            throw new IllegalArgumentException("restored model must not be null");
        }
        Model model = restored.network();
        SparkPruning p = model instanceof ComputationGraph g ? build(sc, g, trainingMaster)
                : build(sc, (MultiLayerNetwork) model, trainingMaster);
        p.restore(restored);
        return p;
    }

    private static MaskingTrainingMaster checkMaster(JavaSparkContext sc, Model net, TrainingMaster<?, ?> tm) {
        if (tm != null && !(tm instanceof ParameterAveragingTrainingMaster)) {
            throw new IllegalArgumentException(SparkPruning.unsupportedMaster(tm));
        }
        if (sc == null || net == null || tm == null) {
            throw new IllegalArgumentException("spark context, network and training master must not be null");
        }
        return new MaskingTrainingMaster((ParameterAveragingTrainingMaster) tm);
    }

    PruningConfig config() {
        return config;
    }

    PruningSchedule schedule() {
        return schedule;
    }

    int sampleEvery() {
        return sampleEvery;
    }

    double epsilon() {
        return epsilon;
    }

    boolean holdMasksOnWorkers() {
        return holdMasksOnWorkers;
    }
}
