package io.github.dl4jpruning.benchmark.compaction;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times several inference calls side by side in one run, as {@code LatencyComparison} does for two: after a
 * warm-up, one sample of each in turn, the starting one rotating, so that machine noise hits all alike. A sample
 * times {@code callsPerSample} calls and divides. Reports the median and the quartiles (the spread) of each.
 *
 * <pre>{@code
 * Map<String, InterleavedTimer.Stats> t = new InterleavedTimer(200, 101, 20).time(Map.of("a", a, "b", b));
 * }</pre>
 */
public final class InterleavedTimer {

    private final int warmupCalls;
    private final int samples;
    private final int callsPerSample;

    /**
     * @throws IllegalArgumentException for a negative warm-up or fewer than one sample or call per sample
     */
    public InterleavedTimer(int warmupCalls, int samples, int callsPerSample) {
        if (warmupCalls < 0 || samples < 1 || callsPerSample < 1) {
            throw new IllegalArgumentException("warm-up calls must be >= 0 and samples and calls per sample >= 1, got "
                    + warmupCalls + ", " + samples + ", " + callsPerSample);
        }
        this.warmupCalls = warmupCalls;
        this.samples = samples;
        this.callsPerSample = callsPerSample;
    }

    /**
     * Median and quartiles of the nanoseconds per call.
     *
     * @param p25Nanos   first quartile
     * @param medianNanos median
     * @param p75Nanos   third quartile
     */
    public record Stats(double p25Nanos, double medianNanos, double p75Nanos) {
    }

    /** Times each call, in the map's order, interleaved. */
    public Map<String, Stats> time(Map<String, Runnable> calls) {
        List<String> names = List.copyOf(calls.keySet());
        List<Runnable> runs = names.stream().map(calls::get).toList();
        for (int i = 0; i < warmupCalls; i++) {
            runs.forEach(Runnable::run);
        }
        int n = runs.size();
        double[][] t = new double[n][samples];
        for (int s = 0; s < samples; s++) {
            for (int j = 0; j < n; j++) {
                int which = (s + j) % n;
                long start = System.nanoTime();
                for (int c = 0; c < callsPerSample; c++) {
                    runs.get(which).run();
                }
                t[which][s] = (System.nanoTime() - start) / (double) callsPerSample;
            }
        }
        Map<String, Stats> out = new LinkedHashMap<>();
        for (int j = 0; j < n; j++) {
            double[] v = t[j].clone();
            Arrays.sort(v);
            out.put(names.get(j), new Stats(v[samples / 4], v[samples / 2], v[(3 * samples) / 4]));
        }
        return out;
    }
}
