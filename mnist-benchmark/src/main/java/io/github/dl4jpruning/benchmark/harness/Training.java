package io.github.dl4jpruning.benchmark.harness;

import io.github.dl4jpruning.benchmark.progress.ConsoleProgressListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.PrintStream;

/** Timed training with the console progress bar; shared by the scenarios. */
public final class Training {

    private Training() {
    }

    /**
     * Fits {@code net} for {@code epochs} over {@code train} with a progress bar on {@code console}.
     *
     * @param examples training examples per epoch, to size the progress bar
     * @return wall time of training in seconds
     */
    public static double fit(MultiLayerNetwork net, DataSetIterator train, int epochs, int examples, PrintStream console) {
        return fit(net, train, epochs, examples, console, new TrainingListener[0]);
    }

    /**
     * As {@link #fit(MultiLayerNetwork, DataSetIterator, int, int, PrintStream)}, with {@code listeners} attached for
     * the duration of the call (after the progress bar, so their cost counts in the time).
     */
    public static double fit(MultiLayerNetwork net, DataSetIterator train, int epochs, int examples, PrintStream console,
                             TrainingListener... listeners) {
        if (epochs == 0) {
            return 0;
        }
        int iterationsPerEpoch = Math.max(1, (examples + train.batch() - 1) / train.batch());
        ConsoleProgressListener progress = new ConsoleProgressListener(console, epochs, iterationsPerEpoch,
                ConsoleProgressListener.isInteractiveConsole(), 10, System::nanoTime);
        net.addListeners(progress);
        net.addListeners(listeners);
        long start = System.nanoTime();
        try {
            net.fit(train, epochs);
        } finally {
            net.getListeners().remove(progress);
            net.getListeners().removeAll(java.util.List.of(listeners));
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
