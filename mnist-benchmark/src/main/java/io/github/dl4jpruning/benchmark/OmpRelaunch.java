package io.github.dl4jpruning.benchmark;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class again in a child JVM whose {@code OMP_NUM_THREADS} matches the thread count asked for.
 *
 * <p>libnd4j sizes its thread pool from {@code OMP_NUM_THREADS} once, when the native library loads; afterwards
 * {@code Nd4j.getEnvironment().setMaxThreads(n)} is a no-op (measured with ND4J 1.0.0-M2.1: {@code maxThreads()} stays
 * 2 on 2 cores), and {@code NativeOps.setOmpNumThreads(n)} only changes OpenMP regions, not that pool. So the only way to
 * honour {@code --threads N} is a JVM that starts with the variable set. The child gets the same java binary, JVM
 * options, class path, main class and arguments, inherits standard input/output/error, and its exit code becomes the
 * parent's. If the parent is stopped (Ctrl-C, {@code kill}), a shutdown hook stops the child; if the parent is killed
 * with {@code kill -9}, the child notices ({@link #exitWithParent}) and stops itself.
 *
 * <pre>{@code
 * if (OmpRelaunch.decide(threads, System.getenv(OmpRelaunch.VARIABLE), System.getenv(OmpRelaunch.MARKER))
 *         == OmpRelaunch.Decision.RELAUNCH) {
 *     System.exit(OmpRelaunch.run(Main.class, args, threads, err));
 * }
 * }</pre>
 */
public final class OmpRelaunch {

    /** The variable libnd4j reads when it loads. */
    public static final String VARIABLE = "OMP_NUM_THREADS";
    /** Set in the child's environment to the parent's process id: prevents a second relaunch, and lets the child watch its parent. */
    public static final String MARKER = "DL4JPRUNING_RELAUNCHED_BY";

    /** What to do about a thread count that {@code OMP_NUM_THREADS} may not say. */
    public enum Decision {
        /** The variable already says the thread count: run in this JVM. */
        RUN_HERE,
        /** Start a child JVM with the variable set. */
        RELAUNCH,
        /** The variable disagrees, but this JVM is already a relaunched child: run here (no loop) and say so. */
        RUN_HERE_MISMATCHED
    }

    private OmpRelaunch() {
    }

    /**
     * @param threads       threads per operation asked for
     * @param ompNumThreads the value of {@value #VARIABLE} in this JVM's environment, or {@code null}
     * @param marker        the value of {@value #MARKER}, or {@code null} if this JVM was not relaunched
     */
    public static Decision decide(int threads, String ompNumThreads, String marker) {
        if (ompNumThreads != null && ompNumThreads.strip().equals(String.valueOf(threads))) {
            return Decision.RUN_HERE;
        }
        return marker == null || marker.isBlank() ? Decision.RELAUNCH : Decision.RUN_HERE_MISMATCHED;
    }

    /** The child's command line: {@code java <jvmOptions> -cp <classPath> <mainClass> <args>}. */
    static List<String> command(String java, List<String> jvmOptions, String classPath, String mainClass,
                                List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code mainClass} with {@code args} in a child JVM with {@value #VARIABLE}{@code =threads} and waits for it.
     *
     * @return the child's exit code
     * @throws IOException if the child cannot be started
     */
    public static int run(Class<?> mainClass, String[] args, int threads, PrintWriter err) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = command(java, ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty("java.class.path"), mainClass.getName(), List.of(args));
        String before = System.getenv(VARIABLE);
        err.printf("note: restarting the JVM with %s=%d (was %s): ND4J sizes its thread pool only when it loads%n",
                VARIABLE, threads, before == null ? "unset" : before);
        err.flush();
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put(VARIABLE, String.valueOf(threads));
        builder.environment().put(MARKER, String.valueOf(ProcessHandle.current().pid()));
        Process child = builder.start();
        Thread stopChild = new Thread(() -> stop(child), "stop-relaunched-jvm");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            return waitUninterruptibly(child);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it stops the child.
            }
        }
    }

    /**
     * In a relaunched child: exits (running shutdown hooks, so temporary files are removed) as soon as the parent named
     * by {@value #MARKER} is gone, e.g. after {@code kill -9}. Does nothing in a JVM that was not relaunched.
     */
    public static void exitWithParent(String marker) {
        if (marker == null || marker.isBlank()) {
            return;
        }
        Optional<ProcessHandle> parent;
        try {
            parent = ProcessHandle.of(Long.parseLong(marker.strip()));
        } catch (NumberFormatException e) {
            return;
        }
        if (parent.isEmpty()) {
            System.exit(143);
        }
        parent.get().onExit().thenRun(() -> {
            System.err.println("note: the parent JVM is gone; stopping");
            System.exit(143);
        });
    }

    private static int waitUninterruptibly(Process child) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return child.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
