package io.github.dl4jpruning.benchmark.zoo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Frees a network's memory between architectures, and records the peak heap and native memory of a run. ND4J keeps
 * arrays in native memory that is released when the garbage collector finds their Java handles unreachable, so a
 * run over many large networks collects after each one.
 *
 * <pre>{@code
 * ZooMemory.resetPeaks();
 * ... run models, calling ZooMemory.sample() now and then ...
 * long heapMiB = ZooMemory.peakHeapBytes() >> 20;
 * }</pre>
 */
public final class ZooMemory {

    private static volatile long peakNative;

    private ZooMemory() {
    }

    /** Drops a network's stored activations and records the memory in use; {@code null} is ignored. */
    static void release(Model model) {
        if (model instanceof MultiLayerNetwork n) {
            n.clearLayersStates();
        } else if (model instanceof ComputationGraph g) {
            g.clearLayersStates();
        }
        sample();
    }

    /** After an {@code OutOfMemoryError}: frees what can be freed so the next architecture starts clean. */
    static void freeAfterFailure() {
        collect();
    }

    /** Collects garbage and destroys this thread's ND4J workspaces. */
    public static void collect() {
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        System.gc();
    }

    /** Forgets the peaks recorded so far. */
    public static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        peakNative = Pointer.physicalBytes();
    }

    /** Records the process's current physical memory (heap, native arrays and all) as a candidate peak. */
    public static void sample() {
        long now = Pointer.physicalBytes();
        if (now > peakNative) {
            peakNative = now;
        }
    }

    /** The largest heap use since {@link #resetPeaks()}: the sum of the heap pools' peaks (an upper bound). */
    public static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The largest physical memory of the process seen by {@link #sample()} since {@link #resetPeaks()}. */
    public static long peakPhysicalBytes() {
        return peakNative;
    }

    /** The heap limit of this JVM ({@code -Xmx}, or its default). */
    public static long maxHeapBytes() {
        return Runtime.getRuntime().maxMemory();
    }
}
