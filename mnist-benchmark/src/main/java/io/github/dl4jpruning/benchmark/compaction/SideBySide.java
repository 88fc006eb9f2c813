package io.github.dl4jpruning.benchmark.compaction;

import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The measuring half of {@link CompactionExperiment}: the masked and the compacted network run over the same test
 * set, for their accuracies and the largest difference between their outputs.
 *
 * @param accuracyMasked    test accuracy of the masked dense network
 * @param accuracyCompacted test accuracy of the compacted network
 * @param maxAbsOutputDiff  the largest {@code |output masked - output compacted|} over the test set
 */
record SideBySide(double accuracyMasked, double accuracyCompacted, double maxAbsOutputDiff) {

    /** Runs both over {@code test} (reset before and after). */
    static SideBySide evaluate(UnaryOperator<INDArray> masked, UnaryOperator<INDArray> compacted,
                               DataSetIterator test) {
        Evaluation evalMasked = new Evaluation();
        Evaluation evalCompacted = new Evaluation();
        double maxDiff = 0;
        test.reset();
        while (test.hasNext()) {
            DataSet ds = test.next();
            INDArray a = masked.apply(ds.getFeatures());
            INDArray b = compacted.apply(ds.getFeatures());
            maxDiff = Math.max(maxDiff, a.sub(b).amaxNumber().doubleValue());
            evalMasked.eval(ds.getLabels(), a);
            evalCompacted.eval(ds.getLabels(), b);
        }
        test.reset();
        return new SideBySide(evalMasked.accuracy(), evalCompacted.accuracy(), maxDiff);
    }

    /** The first {@code n} test rows as one batch (fewer if the test set is smaller), for the latency inputs. */
    static INDArray firstRows(DataSetIterator test, int n) {
        List<INDArray> rows = new ArrayList<>();
        int have = 0;
        test.reset();
        while (test.hasNext() && have < n) {
            INDArray f = test.next().getFeatures();
            rows.add(f);
            have += (int) f.size(0);
        }
        test.reset();
        INDArray all = Nd4j.vstack(rows.toArray(new INDArray[0]));
        return all.get(NDArrayIndex.interval(0, Math.min(n, have)), NDArrayIndex.all()).dup('c');
    }
}
