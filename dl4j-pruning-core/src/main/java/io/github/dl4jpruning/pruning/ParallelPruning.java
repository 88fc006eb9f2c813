package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.schedule.PruneDecision;
import io.github.dl4jpruning.schedule.PruningSchedule;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * Pruning with DL4J's {@code ParallelWrapper}, which trains a copy of the network on each worker thread (worker 0 the
 * network itself), averages them into the network, and fires no epoch events. The schedule runs here, on the main
 * thread between {@code pw.fit} calls, on the network itself: exactly one pruning step per schedule point. The
 * {@link #workerListener()} holds the masks on every worker's copy, so pruned weights stay zero through training and
 * averaging.
 *
 * <pre>{@code
 * ActivationStatsListener stats = ActivationStatsListener.builder().build();
 * EnergyPruningCallback pruning = EnergyPruningCallback.builder().statistics(stats)
 *         .schedule(PruningSchedule.iterative(0, 1, 3, 0.8)).build();
 * ParallelPruning parallel = ParallelPruning.of(pruning, net);
 * ParallelWrapper pw = new ParallelWrapper.Builder<>(net).workers(2).build();
 * pw.setListeners(stats, parallel.workerListener());       // not the callback itself
 * for (int epoch = 0; epoch < 5; epoch++) {
 *     pw.fit(train);
 *     parallel.epochDone();                                 // prunes if the schedule says so, counts the epoch
 * }
 * }</pre>
 *
 * <p>A callback built with {@code collectStatistics(k)} gets its statistics from the worker listener: then
 * {@code pw.setListeners(parallel.workerListener())} is all.
 *
 * <p>Epoch points are taken at {@link #epochDone()}, with the network's epoch counter, which this class advances
 * after each call as {@code net.fit} would (ParallelWrapper does not). Iteration points are taken against the
 * network's iteration counter, which ParallelWrapper advances once per iteration of worker 0: all points the counter
 * passed during one {@code pw.fit} give one step, to the latest point's target. Not thread-safe: call
 * {@link #epochDone()} from the thread that calls {@code pw.fit}; the worker listener is thread-safe.
 */
public final class ParallelPruning {

    private final EnergyPruningCallback callback;
    private final Model net;
    private final WorkerMasks workers;
    private int iterationAtLastCall;

    private ParallelPruning(EnergyPruningCallback callback, Model net) {
        this.callback = callback;
        this.net = net;
        this.workers = new WorkerMasks(callback.ownedStatistics());
        this.iterationAtLastCall = callback.boundAdapter(net).iterationCount();
        workers.publish(callback.masks());
    }

    /**
     * Drives {@code callback} for a network trained by a {@code ParallelWrapper}; binds the callback to {@code net}.
     *
     * @throws IllegalArgumentException if a configured layer is unknown or cannot be pruned in {@code net}
     * @throws IllegalStateException if the callback is bound to another network
     */
    public static ParallelPruning of(EnergyPruningCallback callback, Model net) {
        if (callback == null || net == null) {
            throw new IllegalArgumentException("callback and net must not be null");
        }
        return new ParallelPruning(callback, net);
    }

    /** The listener to pass to {@code ParallelWrapper.setListeners(...)}: it holds the masks on every worker. */
    public TrainingListener workerListener() {
        return workers;
    }

    /**
     * Runs the schedule's points reached by the last {@code pw.fit}: at most one step for the iteration points the
     * network's iteration counter passed, and one for the epoch that ended; then counts the epoch on the network.
     *
     * @return the pruning events of this call (empty if the schedule had no point)
     * @throws IllegalStateException if a step is due for a criterion that needs activation statistics but the fit
     *                               ran no iteration (the network is then neither pruned nor counted an epoch on)
     */
    public List<PruningEvent> epochDone() {
        NetworkAdapter adapter = callback.boundAdapter(net);
        PruningSchedule schedule = callback.schedule();
        int epoch = adapter.epochCount();
        int iteration = adapter.iterationCount();
        PruneDecision byIteration = PruneDecision.none();
        for (int i = iterationAtLastCall; i < iteration; i++) {
            PruneDecision d = schedule.atIteration(i);
            if (d.prune()) {
                byIteration = d;
            }
        }
        PruneDecision byEpoch = schedule.atEpochEnd(epoch);
        if ((byIteration.prune() || byEpoch.prune()) && iteration == iterationAtLastCall) {
            callback.refuseStepWithoutData(epoch);
        }
        List<PruningEvent> events = new ArrayList<>();
        if (byIteration.prune()) {
            events.add(callback.pruneBound(adapter, byIteration.target()));
        }
        if (byEpoch.prune()) {
            events.add(callback.pruneBound(adapter, byEpoch.target()));
        }
        iterationAtLastCall = iteration;
        workers.publish(callback.masks());
        if (net instanceof MultiLayerNetwork mln) {
            mln.incrementEpochCount();
        } else if (net instanceof ComputationGraph graph) {
            graph.incrementEpochCount();
        }
        return events;
    }
}
