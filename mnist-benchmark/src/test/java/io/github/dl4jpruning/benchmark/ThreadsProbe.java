package io.github.dl4jpruning.benchmark;

import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintWriter;

/**
 * A tiny main for {@link OmpRelaunchTest}: relaunches itself exactly as {@link BenchmarkCli#main} does, then prints
 * what ND4J reports, in the child.
 */
public final class ThreadsProbe {
    private ThreadsProbe() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        String marker = System.getenv(OmpRelaunch.MARKER);
        if (OmpRelaunch.decide(threads, System.getenv(OmpRelaunch.VARIABLE), marker) == OmpRelaunch.Decision.RELAUNCH) {
            System.exit(OmpRelaunch.run(ThreadsProbe.class, args, threads, new PrintWriter(System.err, true)));
        }
        System.out.println("maxThreads=" + Nd4j.getEnvironment().maxThreads() + " relaunchedBy=" + marker);
        System.exit(7);
    }
}
