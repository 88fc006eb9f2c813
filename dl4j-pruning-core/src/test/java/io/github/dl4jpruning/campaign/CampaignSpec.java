package io.github.dl4jpruning.campaign;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.EnergyPruningCallbackBuilder;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.schedule.PolynomialDecaySchedule;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * One random run of the resurrection campaign, drawn from a seed: network, updater, regularization, granularity,
 * criterion, schedule, how many "epochs" (each a {@code fit} over a few minibatches) and where to save and restore.
 */
record CampaignSpec(long seed, boolean conv, int[] hidden, int updaterIndex, double l1, double l2, double weightDecay,
                    Granularity granularity, Scope scope, String criterion, ScheduleKind scheduleKind,
                    PruningSchedule schedule, double[] pruneNowTargets, int epochs, int batchesPerEpoch, int batch,
                    double restoreProbability) {

    /** The schedules the campaign draws from. */
    enum ScheduleKind { ONE_SHOT, ITERATIVE, POLY_EPOCHS, POLY_ITERATIONS, PRUNE_NOW }

    /** Every updater DL4J ships (the callback's proven list, {@code MaskedUpdates}). */
    static final String[] UPDATERS = {"Sgd", "Nesterovs", "Adam", "AdaMax", "Nadam", "AMSGrad", "RmsProp", "AdaGrad",
        "AdaDelta", "NoOp"};

    static CampaignSpec draw(long seed) {
        Random r = new Random(seed);
        boolean conv = r.nextInt(4) == 0;
        int[] hidden = new int[1 + r.nextInt(conv ? 1 : 3)];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = 3 + r.nextInt(10);
        }
        Granularity granularity = r.nextBoolean() ? Granularity.WEIGHTS : Granularity.NEURONS;
        double finalTarget = granularity == Granularity.WEIGHTS
                ? 0.3 + 0.6 * r.nextDouble() : 0.2 + 0.5 * r.nextDouble();
        int epochs = 3 + r.nextInt(8);
        int batchesPerEpoch = 1 + r.nextInt(8);
        ScheduleKind kind = ScheduleKind.values()[r.nextInt(ScheduleKind.values().length)];
        PruningSchedule schedule = switch (kind) {
            case ONE_SHOT -> PruningSchedule.oneShot(r.nextInt(epochs - 1), finalTarget);
            case ITERATIVE -> PruningSchedule.iterative(r.nextInt(2), 1 + r.nextInt(2), 2 + r.nextInt(3), finalTarget);
            case POLY_EPOCHS -> {
                int begin = r.nextInt(2);
                yield PruningSchedule.polynomial(begin, begin + 1 + r.nextInt(epochs - 2), 1, 0.1 * r.nextInt(2),
                        finalTarget, 1 + r.nextInt(3), PolynomialDecaySchedule.Unit.EPOCHS);
            }
            case POLY_ITERATIONS -> {
                int total = epochs * batchesPerEpoch;
                int begin = r.nextInt(Math.max(1, total / 3));
                yield PruningSchedule.polynomial(begin, begin + 1 + r.nextInt(Math.max(1, total - begin - 1)),
                        1 + r.nextInt(3), 0.0, finalTarget, 3, PolynomialDecaySchedule.Unit.ITERATIONS);
            }
            case PRUNE_NOW -> PruningSchedule.never();
        };
        double[] pruneNow = new double[kind == ScheduleKind.PRUNE_NOW ? 1 + r.nextInt(3) : 0];
        for (int i = 0; i < pruneNow.length; i++) {
            pruneNow[i] = finalTarget * (i + 1) / pruneNow.length;
        }
        // Criteria that need statistics or gradients cannot drive pruneNow on a network that saw no data yet.
        String[] criteria = kind == ScheduleKind.PRUNE_NOW
                ? new String[] {"magnitude", "random"}
                : new String[] {"magnitude", "random", "taylor", "activation-weighted", "energy-aware"};
        // DL4J drops L2 when weight decay is also set ("incompatible"), so a run has one regularization or none.
        int regularization = r.nextInt(4);
        return new CampaignSpec(seed, conv, hidden, r.nextInt(UPDATERS.length), regularization == 3 ? 1e-3 : 0,
                regularization == 1 ? 1e-3 : 0, regularization == 2 ? 1e-3 : 0, granularity, r.nextBoolean() ? Scope.PER_LAYER : Scope.GLOBAL,
                criteria[r.nextInt(criteria.length)], kind, schedule, pruneNow, epochs, batchesPerEpoch,
                4 + r.nextInt(13), 0.05 + 0.2 * r.nextDouble());
    }

    static IUpdater updater(int index) {
        return switch (UPDATERS[index]) {
            case "Sgd" -> new Sgd(0.1);
            case "Nesterovs" -> new Nesterovs(0.05, 0.9);
            case "Adam" -> new Adam(1e-2);
            case "AdaMax" -> new AdaMax(1e-2);
            case "Nadam" -> new Nadam(1e-2);
            case "AMSGrad" -> new AMSGrad(1e-2);
            case "RmsProp" -> new RmsProp(1e-2);
            case "AdaGrad" -> new AdaGrad(0.1);
            case "AdaDelta" -> new AdaDelta();
            // No updater: the (minibatch-averaged) gradient itself is the step.
            case "NoOp" -> new NoOp();
            default -> throw new IllegalArgumentException(UPDATERS[index]);
        };
    }

    MultiLayerNetwork network() {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(seed)
                .updater(updater(updaterIndex)).weightInit(WeightInit.XAVIER);
        if (l1 > 0) {
            b.l1(l1);
        }
        if (l2 > 0) {
            b.l2(l2);
        }
        if (weightDecay > 0) {
            b.weightDecay(weightDecay);
        }
        NeuralNetConfiguration.ListBuilder list = b.list();
        if (conv) {
            list.layer(new ConvolutionLayer.Builder(3, 3).nOut(hidden[0] / 2 + 2).activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                            .build())
                    .layer(new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build())
                    .setInputType(InputType.convolutional(8, 8, 1));
        } else {
            int in = 8;
            for (int width : hidden) {
                list.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU).build());
                in = width;
            }
        }
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                .activation(Activation.SOFTMAX);
        if (!conv) {
            out.nIn(hidden[hidden.length - 1]);
        }
        list.layer(out.build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** A new callback (and its statistics listener) as this run configures it; the same after every restore. */
    EnergyPruningCallback callback(ActivationStatsListener stats) {
        EnergyPruningCallbackBuilder b = EnergyPruningCallback.builder(PruningConfig.builder()
                        .criterion(Criteria.byName(criterion))
                        .granularity(granularity)
                        .scope(scope)
                        .seed(seed)
                        .build())
                .schedule(schedule)
                .statistics(stats);
        if (conv) {
            b.inputType(InputType.convolutional(8, 8, 1));
        }
        return b.build();
    }

    /** The minibatches of epoch {@code epoch}. */
    DataSetIterator epochData(int epoch) {
        long dataSeed = seed * 31 + epoch;
        int examples = batch * batchesPerEpoch;
        return conv ? TinyNets.images(examples, batch, dataSeed) : TinyNets.data(examples, batch, dataSeed);
    }

    String describe() {
        return String.format("seed=%d %s%s %s l1=%s l2=%s wd=%s %s %s %s %s epochs=%dx%d batch=%d", seed,
                conv ? "conv" : "mlp", java.util.Arrays.toString(hidden), UPDATERS[updaterIndex], l1, l2, weightDecay,
                granularity, scope, criterion, scheduleKind, epochs, batchesPerEpoch, batch);
    }
}
