package io.github.dl4jpruning.benchmark.harness;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One {@link TrainingListener} that forwards every callback to the listeners it wraps, in order, and sums the wall
 * time spent inside them. {@link Overhead} uses it to measure what the pruning listeners cost directly: an epoch's
 * end-to-end time varies by several percent from one epoch to the next on its own, more than the listeners add, while
 * the time inside their callbacks does not depend on that drift. What it cannot see is cost the listeners cause
 * elsewhere (garbage collection of what they allocate, caches they evict), which the end-to-end ratio includes.
 */
final class TimedListeners implements TrainingListener {

    private final List<TrainingListener> delegates;
    private final long[] nanosOf;
    private long nanos;

    TimedListeners(TrainingListener... delegates) {
        this.delegates = List.of(delegates);
        this.nanosOf = new long[delegates.length];
    }

    /** Wall time spent inside the wrapped listeners since construction, in seconds. */
    double seconds() {
        return nanos / 1e9;
    }

    /** Wall time spent inside the {@code i}-th wrapped listener since construction, in seconds. */
    double seconds(int i) {
        return nanosOf[i] / 1e9;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        timed(l -> l.iterationDone(model, iteration, epoch));
    }

    @Override
    public void onEpochStart(Model model) {
        timed(l -> l.onEpochStart(model));
    }

    @Override
    public void onEpochEnd(Model model) {
        timed(l -> l.onEpochEnd(model));
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        timed(l -> l.onForwardPass(model, activations));
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        timed(l -> l.onForwardPass(model, activations));
    }

    @Override
    public void onGradientCalculation(Model model) {
        timed(l -> l.onGradientCalculation(model));
    }

    @Override
    public void onBackwardPass(Model model) {
        timed(l -> l.onBackwardPass(model));
    }

    private void timed(Consumer<TrainingListener> call) {
        long t = System.nanoTime();
        long start = t;
        for (int i = 0; i < nanosOf.length; i++) {
            call.accept(delegates.get(i));
            long now = System.nanoTime();
            nanosOf[i] += now - t;
            t = now;
        }
        nanos += t - start;
    }
}
