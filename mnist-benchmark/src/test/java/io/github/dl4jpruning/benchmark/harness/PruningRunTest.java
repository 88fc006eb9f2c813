package io.github.dl4jpruning.benchmark.harness;

import io.github.dl4jpruning.benchmark.data.InMemoryMnist;
import io.github.dl4jpruning.benchmark.model.MnistMlp;
import io.github.dl4jpruning.energy.HardwareEnergyModel;
import io.github.dl4jpruning.schedule.PolynomialDecaySchedule;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.io.OutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A row of the sweep on a tiny synthetic data set shaped like MNIST (784 inputs, 10 classes). */
class PruningRunTest {

    private static InMemoryMnist data;
    private static DenseStart dense;
    private static PruningRun runner;

    @BeforeAll
    static void trainDense() {
        data = InMemoryMnist.of(synthetic(512, 1), synthetic(256, 2), 64);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        runner = new PruningRun(HardwareEnergyModel.defaults(), () -> data.train(7), data::test, 2,
                data.trainCount(), 64, quiet);
        MultiLayerNetwork net = MnistMlp.build(7);
        ActivationStatsListener stats = ActivationStatsListener.builder().build();
        net.setListeners(stats);
        net.fit(data.train(7), 2);
        dense = new DenseStart(7, net, stats.stats().copy(), net.evaluate(data.test()).accuracy(), 0,
                runner.denseEnergy(net));
    }

    /** Class = index of the brightest of ten pixel blocks, so the network can learn it. */
    private static DataSet synthetic(int n, long seed) {
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            for (int j = c * 70; j < c * 70 + 70; j++) {
                x.putScalar(i, j, x.getDouble(i, j) + 1.0);
            }
            y.putScalar(i, c, 1.0);
        }
        return new DataSet(x, y);
    }

    @Test
    void sameRowTwice_givesTheSameNumbers() {
        RowSpec row = new RowSpec("energy-aware", RowSpec.ONE_SHOT, new RunTarget("sparsity", 0.8));

        SeedResult a = runner.run(row, dense);
        SeedResult b = runner.run(row, dense);

        assertThat(b.accuracyAfter()).isEqualTo(a.accuracyAfter());
        assertThat(b.accuracyOneShot()).isEqualTo(a.accuracyOneShot());
        assertThat(b.energyPrunedPj()).isEqualTo(a.energyPrunedPj());
        assertThat(a.achievedSparsity()).isCloseTo(0.8, within(1.0 / 101_632));
        assertThat(a.pruneSteps()).isEqualTo(1);
        assertThat(a.energyPrunedPj()).isLessThan(a.energyDensePj());
        assertThat(a.macsEffective()).isLessThan(a.macsDense() / 4);
    }

    @Test
    void agpRow_reachesItsSparsityInStepsDuringRetraining_andLeavesTheDenseNetworkAlone() {
        INDArray before = dense.network().params().dup();
        RowSpec row = new RowSpec("magnitude", RowSpec.AGP, new RunTarget("sparsity", 0.9));

        SeedResult r = runner.run(row, dense);

        assertThat(r.accuracyOneShot()).isNaN();
        assertThat(r.achievedSparsity()).isCloseTo(0.9, within(1.0 / 101_632));
        assertThat(r.pruneSteps()).isEqualTo(runner.agpSteps()).isGreaterThan(1);
        assertThat(dense.network().params()).isEqualTo(before);
    }

    @Test
    void energyTarget_cutsTheEstimatedEnergy() {
        RowSpec row = new RowSpec("energy-aware", RowSpec.ONE_SHOT, new RunTarget("energy", 0.8));

        SeedResult r = runner.run(row, dense);

        // Measured with the retrained network's own firing rates, so not exactly the 80% aimed at when pruning.
        assertThat(1 - r.energyPrunedPj() / r.energyDensePj()).isGreaterThan(0.7);
    }

    @Test
    void agpSchedule_startsOneStepInAndEndsAtTheTarget() {
        PolynomialDecaySchedule s = runner.agp(1000, 0.9);

        int perEpoch = 512 / 64;
        assertThat(s.end()).isLessThanOrEqualTo(1000 + perEpoch);
        assertThat(s.targetAt(s.end())).isCloseTo(0.9, within(1e-12));
        double first = s.targetAt(s.begin());
        assertThat(first).isCloseTo(0.9 * (1 - Math.pow(1 - 1.0 / runner.agpSteps(), 3)), within(1e-12));
        assertThat(first).isGreaterThan(0);
    }

    @Test
    void inMemoryIterators_repeatTheSameBatchesForTheSameSeed() {
        DataSetIterator a = data.train(3);
        DataSetIterator b = data.train(3);
        DataSetIterator c = data.train(4);

        INDArray firstA = a.next().getFeatures();
        assertThat(b.next().getFeatures()).isEqualTo(firstA);
        assertThat(c.next().getFeatures()).isNotEqualTo(firstA);
        while (a.hasNext()) {
            a.next();
        }
        a.reset();
        assertThat(a.next().getFeatures()).as("a new epoch, a new order").isNotEqualTo(firstA);
    }

    @Test
    void pruneStepTiming_timesWarmStepsOnClones_andLeavesTheDenseNetworkAlone() {
        INDArray before = dense.network().params().dup();

        PruneStepTiming t = PruneStepTiming.measure(dense.network(), dense.trainingStats(), "energy-aware",
                HardwareEnergyModel.defaults(), 0.5, 4, 7);

        assertThat(t.samples()).hasSize(4).allSatisfy(ms -> assertThat(ms).isPositive());
        assertThat(t.medianMillis()).isBetween(t.minMillis(), t.samples().stream().mapToDouble(d -> d).max()
                .orElseThrow());
        assertThat(dense.network().params()).isEqualTo(before);
    }

    @Test
    void pruneStepTiming_rejectsZeroRepetitions() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PruneStepTiming.measure(dense.network(),
                        dense.trainingStats(), "magnitude", HardwareEnergyModel.defaults(), 0.5, 0, 7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }

    @Test
    void overhead_timesBothClonesOnEveryMinibatchAndReportsMedianBlockRatiosWithTheirSpread() {
        Overhead o = Overhead.measure(dense.network(), () -> data.train(7), HardwareEnergyModel.defaults(), 3);

        int passes = o.repetitions();
        assertThat(passes).isBetween(3, 3 * Overhead.MAX_REPETITION_FACTOR);
        assertThat(o.samplesPlain()).hasSize(passes);
        assertThat(o.samplesWithPruning()).hasSize(passes);
        assertThat(o.samplesListener()).hasSize(passes).allSatisfy(t -> assertThat(t).isPositive());
        int minibatches = 0;
        for (var it = data.train(7); it.hasNext(); it.next()) {
            minibatches++;
        }
        assertThat(o.iterationsPerRepetition()).isEqualTo(minibatches);
        int size = Math.min(Overhead.BLOCK, minibatches);
        assertThat(o.blocks()).isEqualTo(passes * (minibatches / size));
        assertThat(o.ratio()).isPositive();
        assertThat(o.cpuSecondsPlain()).isPositive();
        assertThat(o.ratioSpread()).isNotNegative().isFinite();
        assertThat(o.cpuRatioSpread()).isNotNegative().isFinite();
        assertThat(o.listenerRatio()).isGreaterThan(1);
        assertThat(o.callbackRatio()).isGreaterThan(1).isLessThanOrEqualTo(o.listenerRatio());
        assertThat(o.method()).contains("interleaved").contains("bootstrap");
    }

    @Test
    void overhead_blocksSumWholeRunsOfMinibatchesAndLeaveAPartialOneOut() {
        int n = 2 * Overhead.BLOCK + 3;
        double[][] pass = new double[6][n];
        for (int i = 0; i < n; i++) {
            pass[0][i] = 1;
            pass[1][i] = i < Overhead.BLOCK ? 1.5 : 2;
        }
        var blocks = Overhead.blocks(pass);
        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0)[0]).isEqualTo(Overhead.BLOCK);
        assertThat(Overhead.ratios(blocks, 0)).containsExactly(1.5, 2.0);
        assertThat(Overhead.blocks(new double[][] {{1, 1}, {2, 2}})).hasSize(1);
    }

    @Test
    void overhead_spreadIsHalfTheBootstrapIntervalOfTheMedian() {
        assertThat(Overhead.bootstrapHalfWidth(new double[] {1.01, 1.01, 1.01, 1.01})).isZero();
        double[] wide = new double[101];
        double[] narrow = new double[101];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = 1 + 0.001 * (i - 50);
            narrow[i] = 1 + 0.0001 * (i - 50);
        }
        double w = Overhead.bootstrapHalfWidth(wide);
        // The median of 101 evenly spread values moves by a few steps between resamples.
        assertThat(w).isBetween(0.002, 0.02);
        assertThat(Overhead.bootstrapHalfWidth(narrow)).isCloseTo(w / 10, within(1e-9));
        assertThat(Overhead.bootstrapHalfWidth(wide)).as("same seed, same spread").isEqualTo(w);
        assertThat(Overhead.bootstrapHalfWidth(new double[] {1})).isNaN();
    }

    @Test
    void overhead_needsTwoPassesForASpread() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Overhead.measure(dense.network(),
                        () -> data.train(7), HardwareEnergyModel.defaults(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1");
    }
}
