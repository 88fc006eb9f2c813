package io.github.dl4jpruning.benchmark.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * MNIST (or a seeded subset) read once into memory, handing out iterators that are cheap to create and deterministic:
 * every {@link #train(long)} iterator with the same seed yields the same batches in the same order, epoch after epoch,
 * whatever ran before. The sweep trains a hundred networks from the same start; each must see the same data.
 *
 * <pre>{@code
 * InMemoryMnist mnist = InMemoryMnist.load(files, 128, 0, 0, 12345);
 * net.fit(mnist.train(12345), 5);
 * double acc = net.evaluate(mnist.test()).accuracy();
 * }</pre>
 */
public final class InMemoryMnist {

    private final INDArray trainFeatures;
    private final INDArray trainLabels;
    private final INDArray testFeatures;
    private final INDArray testLabels;
    private final int batchSize;

    private InMemoryMnist(DataSet train, DataSet test, int batchSize) {
        this.trainFeatures = train.getFeatures();
        this.trainLabels = train.getLabels();
        this.testFeatures = test.getFeatures();
        this.testLabels = test.getLabels();
        this.batchSize = batchSize;
    }

    /**
     * Reads the files through {@link MnistData} (pixels {@code x/255}, one-hot labels).
     *
     * @param trainExamples training examples (a random subset chosen with {@code seed}); 0 for all
     * @param testExamples  test examples; 0 for all
     */
    public static InMemoryMnist load(MnistFiles files, int batchSize, int trainExamples, int testExamples, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        DataSet train = drain(MnistData.train(files, 1000, trainExamples, seed));
        DataSet test = drain(MnistData.test(files, 1000, testExamples, seed));
        return new InMemoryMnist(train, test, batchSize);
    }

    /** Data already in memory (features and one-hot labels as rows), for tests and other data sets. */
    public static InMemoryMnist of(DataSet train, DataSet test, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        return new InMemoryMnist(train, test, batchSize);
    }

    private static DataSet drain(DataSetIterator it) {
        List<DataSet> parts = new ArrayList<>();
        while (it.hasNext()) {
            parts.add(it.next());
        }
        return DataSet.merge(parts);
    }

    /** Training examples held. */
    public int trainCount() {
        return (int) trainFeatures.size(0);
    }

    /** Test examples held. */
    public int testCount() {
        return (int) testFeatures.size(0);
    }

    public int batchSize() {
        return batchSize;
    }

    /** Training batches, shuffled anew each epoch; epoch {@code e}'s order depends only on {@code seed} and {@code e}. */
    public DataSetIterator train(long seed) {
        return new Batches(trainFeatures, trainLabels, batchSize, seed, true);
    }

    /** Test batches in file order. */
    public DataSetIterator test() {
        return new Batches(testFeatures, testLabels, batchSize, 0, false);
    }

    /** The first {@code n} test images as one batch. */
    public INDArray testFeatures(int n) {
        return testFeatures.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, Math.min(n, testCount())),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c');
    }

    /** A deterministic, synchronous iterator over rows of two arrays. */
    private static final class Batches implements DataSetIterator {
        private final INDArray features;
        private final INDArray labels;
        private final int batch;
        private final long seed;
        private final boolean shuffle;
        private int epoch;
        private int[] order;
        private int cursor;
        private DataSetPreProcessor preProcessor;

        Batches(INDArray features, INDArray labels, int batch, long seed, boolean shuffle) {
            this.features = features;
            this.labels = labels;
            this.batch = batch;
            this.seed = seed;
            this.shuffle = shuffle;
            this.order = permutation(0);
        }

        private int[] permutation(int epoch) {
            int n = (int) features.size(0);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            if (shuffle) {
                Random r = new Random(seed * 1_000_003L + epoch);
                for (int i = n - 1; i > 0; i--) {
                    int j = r.nextInt(i + 1);
                    int t = idx[i];
                    idx[i] = idx[j];
                    idx[j] = t;
                }
            }
            return idx;
        }

        @Override
        public DataSet next(int num) {
            int end = Math.min(order.length, cursor + num);
            int[] rows = java.util.Arrays.copyOfRange(order, cursor, end);
            cursor = end;
            DataSet ds = new DataSet(Nd4j.pullRows(features, 1, rows), Nd4j.pullRows(labels, 1, rows));
            if (preProcessor != null) {
                preProcessor.preProcess(ds);
            }
            return ds;
        }

        @Override
        public DataSet next() {
            return next(batch);
        }

        @Override
        public boolean hasNext() {
            return cursor < order.length;
        }

        /** Starts the next epoch (a new order when shuffling); a pass that was never started is not skipped. */
        @Override
        public void reset() {
            if (cursor == 0) {
                return;
            }
            epoch++;
            order = permutation(epoch);
            cursor = 0;
        }

        @Override
        public int inputColumns() {
            return (int) features.size(1);
        }

        @Override
        public int totalOutcomes() {
            return (int) labels.size(1);
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public int batch() {
            return batch;
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            this.preProcessor = preProcessor;
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return preProcessor;
        }

        @Override
        public List<String> getLabels() {
            return null;
        }
    }
}
