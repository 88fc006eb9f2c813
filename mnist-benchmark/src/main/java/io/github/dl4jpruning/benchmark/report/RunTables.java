package io.github.dl4jpruning.benchmark.report;

import io.github.dl4jpruning.benchmark.results.RunResult;
import io.github.dl4jpruning.benchmark.harness.RunTarget;

import java.util.List;
import java.util.stream.Collectors;

/** The sweep's two tables in {@code benchmark.md}: every run, and the headline rows averaged over several seeds. */
final class RunTables {

    private RunTables() {
    }

    /** {@code ## Headline}: rows with {@code headline = true}, with each seed's accuracy; nothing if there are none. */
    static void headline(StringBuilder md, List<RunResult> runs) {
        MarkdownTable table = new MarkdownTable(3, "target", "criterion", "schedule", "seeds", "accuracy after %",
                "accuracy per seed %", "sparsity %", "energy saved %");
        runs.stream().filter(RunResult::headline).forEach(r -> table.row(target(r.target()), text(r.criterion()),
                text(r.schedule()), Integer.toString(r.seeds()), accuracyAfter(r), perSeed(r.accuracies()),
                Cells.percent(r.achievedSparsity()), Cells.percent(r.energyReduction())));
        if (!table.isEmpty()) {
            md.append("## Headline\n\nAveraged over several seeds; ± is the sample standard deviation.\n\n")
                    .append(table.render());
        }
    }

    /** {@code ## Runs}: every row of the sweep; nothing if there are none. */
    static void runs(StringBuilder md, List<RunResult> runs, int unreadable) {
        MarkdownTable table = new MarkdownTable(3, "criterion", "schedule", "target", "seeds", "sparsity %",
                "accuracy one-shot %", "accuracy after %", "energy dense → pruned pJ", "energy saved %",
                "MACs effective / dense", "non-zero params");
        for (RunResult r : runs) {
            table.row(text(r.criterion()), text(r.schedule()), target(r.target()), Integer.toString(r.seeds()),
                    Cells.percent(r.achievedSparsity()), Cells.percent(r.accuracyOneShot()), accuracyAfter(r),
                    Cells.energy(r.energyDensePj()) + " → " + Cells.energy(r.energyPrunedPj()),
                    Cells.percent(r.energyReduction()),
                    Cells.count(r.macsEffective()) + " / " + Cells.count(r.macsDense()), Cells.count(r.paramsNonZero()));
        }
        if (table.isEmpty() && unreadable == 0) {
            return;
        }
        md.append("## Runs\n\n");
        if (!table.isEmpty()) {
            md.append("Accuracy one-shot: right after the one-shot prune, before retraining (– for agp). "
                    + "Energies are estimated per inference.\n\n").append(table.render());
        }
        if (unreadable > 0) {
            md.append(unreadable).append(unreadable == 1 ? " row of runs[] could not be read and is not shown.\n\n"
                    : " rows of runs[] could not be read and are not shown.\n\n");
        }
    }

    /** {@code 97.31 ± 0.08} for several seeds, {@code 97.31} for one. */
    private static String accuracyAfter(RunResult r) {
        String mean = Cells.percent(r.accuracyAfter());
        return r.seeds() > 1 && Double.isFinite(r.accuracyAfterStd()) && Double.isFinite(r.accuracyAfter())
                ? mean + " ± " + Cells.percent(r.accuracyAfterStd()) : mean;
    }

    private static String perSeed(List<Double> accuracies) {
        if (accuracies == null || accuracies.isEmpty()) {
            return Cells.DASH;
        }
        return accuracies.stream().map(a -> a == null ? Cells.DASH : Cells.percent(a)).collect(Collectors.joining(", "));
    }

    private static String target(RunTarget target) {
        return target == null ? Cells.DASH : target.label();
    }

    private static String text(String s) {
        return s == null ? Cells.DASH : Cells.escape(s);
    }
}
