package io.github.dl4jpruning.benchmark.zoo;

import io.github.dl4jpruning.mask.PruneMasks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What one architecture's stages measured so far, and the reasons of those that failed; becomes a {@link ZooRow}. */
final class Attempt {
    private static final Logger log = LoggerFactory.getLogger(Attempt.class);
    /** A reason's message is cut to this many characters. */
    static final int MAX_MESSAGE = 400;

    final ZooEntry entry;
    Long paramsBefore;
    Long paramsAfter;
    Long macsBefore;
    Long macsAfter;
    boolean unstructuredOk;
    boolean structuredOk;
    boolean compactedOk;
    boolean restoredOk;
    Integer layersEmptied;
    Double maxAbsOutputDiff;
    Double stepSeconds;
    PruneMasks masks;
    final List<String> reasons = new ArrayList<>();

    Attempt(ZooEntry entry) {
        this.entry = entry;
    }

    /**
     * Runs one stage; an exception or an {@code OutOfMemoryError} becomes a reason naming the stage.
     *
     * @return the stage's result, or {@code null} if it failed
     */
    <T> T stage(String name, Callable<T> body) {
        long start = System.nanoTime();
        try {
            T result = body.call();
            log.info("{}: {} took {} s", entry.name(), name,
                    String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
            return result;
        } catch (OutOfMemoryError | StackOverflowError e) {
            fail(name, e);
            ZooMemory.freeAfterFailure();
        } catch (Exception | LinkageError | AssertionError e) {
            fail(name, e);
        }
        return null;
    }

    /** Records a failed stage. */
    void fail(String stage, Throwable e) {
        String why = stage + ": " + describe(e);
        reasons.add(why);
        log.warn("{}: {}", entry.name(), why);
        log.debug("{}: {} failed", entry.name(), stage, e);
    }

    /** Records a stage whose result is wrong although it did not throw. */
    void wrong(String stage, String what) {
        reasons.add(stage + ": " + what);
        log.warn("{}: {}: {}", entry.name(), stage, what);
    }

    /**
     * {@code Class: message}, with the root cause's when it differs and where the root cause was thrown
     * ({@code at Class.method}: a message that names no layer still says which code refused), on one line and cut
     * to a readable length.
     */
    static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            s.append(" (cause ").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage())
                    .append(')');
        }
        for (StackTraceElement at : root.getStackTrace()) {
            String cls = at.getClassName();
            // Skip the precondition helpers and the JDK: the first frame after them is the code that refused.
            if (!cls.startsWith("java.") && !cls.startsWith("org.nd4j.common.base.")) {
                s.append(" at ").append(cls.substring(cls.lastIndexOf('.') + 1)).append('.').append(at.getMethodName());
                break;
            }
        }
        String one = s.toString().replaceAll("\\s+", " ").trim();
        return one.length() <= MAX_MESSAGE ? one : one.substring(0, MAX_MESSAGE - 1) + "…";
    }

    ZooRow row() {
        return new ZooRow(entry.name(), paramsBefore, paramsAfter, macsBefore, macsAfter, unstructuredOk,
                structuredOk, compactedOk, layersEmptied, maxAbsOutputDiff, stepSeconds,
                reasons.isEmpty() ? null : String.join("; ", reasons), entry.inputLabel(), restoredOk);
    }
}
