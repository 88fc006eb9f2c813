package io.github.dl4jpruning.benchmark.progress;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A console progress bar for {@code fit()}: epoch x/y, iteration i/n within the epoch, overall percentage, loss
 * (the model's score), elapsed time and ETA.
 *
 * <p>On a terminal it redraws one line with a carriage return, at most ten times a second. Without a terminal
 * ({@code System.console() == null}) or under CI ({@code CI=true}) it prints a plain line every
 * {@code plainIntervalSeconds} and at the end of each epoch, so logs stay short.
 *
 * <pre>{@code
 * net.setListeners(ConsoleProgressListener.forConsole(epochs, itersPerEpoch));
 * net.fit(train, epochs);
 * }</pre>
 */
public final class ConsoleProgressListener extends BaseTrainingListener {

    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final int epochs;
    private final int iterationsPerEpoch;
    private final boolean interactive;
    private final long plainIntervalNanos;
    private final LongSupplier nanoClock;

    private long startNanos = -1;
    private long lastPrintNanos;
    private int epoch;
    private int iterationInEpoch;
    private int lastLineLength;

    /**
     * @param out                  where to print
     * @param epochs               total epochs of the {@code fit} call
     * @param iterationsPerEpoch   minibatches per epoch
     * @param interactive          true for a redrawn single line, false for periodic plain lines
     * @param plainIntervalSeconds seconds between plain lines
     * @param nanoClock            time source, {@code System::nanoTime} outside tests
     */
    public ConsoleProgressListener(PrintStream out, int epochs, int iterationsPerEpoch, boolean interactive,
                                   double plainIntervalSeconds, LongSupplier nanoClock) {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
        }
        if (iterationsPerEpoch <= 0) {
            throw new IllegalArgumentException("iterationsPerEpoch must be > 0, got " + iterationsPerEpoch);
        }
        if (!(plainIntervalSeconds > 0)) {
            throw new IllegalArgumentException("plainIntervalSeconds must be > 0, got " + plainIntervalSeconds);
        }
        this.out = out;
        this.epochs = epochs;
        this.iterationsPerEpoch = iterationsPerEpoch;
        this.interactive = interactive;
        this.plainIntervalNanos = (long) (plainIntervalSeconds * 1e9);
        this.nanoClock = nanoClock;
    }

    /** For {@code System.out}: interactive on a terminal, plain lines every 10 s otherwise or when {@code CI=true}. */
    public static ConsoleProgressListener forConsole(int epochs, int iterationsPerEpoch) {
        return new ConsoleProgressListener(System.out, epochs, iterationsPerEpoch, isInteractiveConsole(),
                10, System::nanoTime);
    }

    /** True on a terminal outside CI. */
    public static boolean isInteractiveConsole() {
        return System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"));
    }

    @Override
    public void onEpochStart(Model model) {
        if (startNanos < 0) {
            startNanos = nanoClock.getAsLong();
            lastPrintNanos = startNanos;
        }
        epoch++;
        iterationInEpoch = 0;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epochCount) {
        if (startNanos < 0) {
            onEpochStart(model);
        }
        iterationInEpoch++;
        long now = nanoClock.getAsLong();
        long interval = interactive ? REDRAW_NANOS : plainIntervalNanos;
        if (now - lastPrintNanos >= interval) {
            print(line(model.score(), now), false);
            lastPrintNanos = now;
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        long now = nanoClock.getAsLong();
        print(line(model.score(), now), true);
        lastPrintNanos = now;
    }

    private void print(String line, boolean endOfEpoch) {
        if (interactive) {
            String padded = line.length() < lastLineLength ? line + " ".repeat(lastLineLength - line.length()) : line;
            out.print("\r" + padded);
            lastLineLength = line.length();
            if (endOfEpoch) {
                out.println();
                lastLineLength = 0;
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The progress line for the current state; package-private for tests. */
    String line(double score, long nowNanos) {
        long done = (long) (epoch - 1) * iterationsPerEpoch + Math.min(iterationInEpoch, iterationsPerEpoch);
        long total = (long) epochs * iterationsPerEpoch;
        double fraction = Math.min(1.0, done / (double) total);
        long elapsed = nowNanos - startNanos;
        String eta = done == 0 ? "--:--" : duration((long) (elapsed * (total - done) / (double) done));
        String bar = interactive ? bar(fraction) + " " : "";
        return String.format(Locale.ROOT, "%sepoch %d/%d | iter %d/%d | %5.1f%% | loss %.4f | elapsed %s | ETA %s",
                bar, epoch, epochs, iterationInEpoch, iterationsPerEpoch, 100 * fraction, score, duration(elapsed), eta);
    }

    private static String bar(double fraction) {
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }

    private static String duration(long nanos) {
        long s = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(nanos));
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
