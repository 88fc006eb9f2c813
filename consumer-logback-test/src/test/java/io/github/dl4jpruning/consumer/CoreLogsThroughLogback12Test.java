package io.github.dl4jpruning.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * An application that logs with logback 1.2 (SLF4J 1.7 binding) and adds the core: the core's log lines, and DL4J's,
 * must reach logback. With the core on slf4j-api 2.x, Maven resolves that API for the application, SLF4J 2 ignores
 * logback 1.2's binding ("No SLF4J providers were found ... Ignoring binding") and every logger becomes a no-op.
 *
 * <p>Everything is set up once, before any class of the core, DL4J or ND4J initializes SLF4J, so that SLF4J's own
 * complaints on {@code System.err} are captured; keep this the only test class of the module that touches them.
 */
class CoreLogsThroughLogback12Test {

    private static final ListAppender<ILoggingEvent> EVENTS = new ListAppender<>();
    private static String slf4jStartupOutput;
    private static ILoggerFactory loggerFactory;

    @BeforeAll
    static void initializeSlf4jWhileCapturingStandardError() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            loggerFactory = LoggerFactory.getILoggerFactory();
        } finally {
            System.setErr(original);
        }
        slf4jStartupOutput = captured.toString(StandardCharsets.UTF_8);
        original.print(slf4jStartupOutput);
        if (loggerFactory instanceof LoggerContext context) {
            EVENTS.setContext(context);
            EVENTS.start();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(EVENTS);
        }
    }

    @AfterAll
    static void detach() {
        if (loggerFactory instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(EVENTS);
        }
    }

    @Test
    void slf4jBindsToLogbackWithoutComplaint() {
        assertThat(slf4jStartupOutput).as("what SLF4J printed while it initialized")
                .doesNotContain("No SLF4J providers").doesNotContain("Ignoring binding");
        assertThat(loggerFactory).as("the logger factory SLF4J chose (logback's LoggerContext, not a no-op)")
                .isInstanceOf(LoggerContext.class);
    }

    @Test
    void thePruningEventLineOfTheCoreArrivesThroughLogback() {
        MultiLayerNetwork net = tinyNetwork();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder().build();

        PruningEvent event = pruning.pruneNow(net, 0.5);

        assertThat(messagesOf("io.github.dl4jpruning.pruning.Pruner")).as("INFO lines the core's Pruner logged")
                .containsExactly(event.summary());
        assertThat(event.summary()).startsWith("pruned ");
    }

    @Test
    void dl4jsOwnLinesArriveThroughLogbackToo() {
        tinyNetwork(); // loads ND4J's backend, which logs at INFO
        assertThat(EVENTS.list).as("events from org.nd4j or org.deeplearning4j loggers")
                .anyMatch(e -> e.getLoggerName().startsWith("org.nd4j")
                        || e.getLoggerName().startsWith("org.deeplearning4j"));
    }

    private static List<String> messagesOf(String logger) {
        return EVENTS.list.stream().filter(e -> e.getLoggerName().equals(logger))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** A 4-8-2 MLP: the smallest thing that has weights to prune. */
    private static MultiLayerNetwork tinyNetwork() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(13).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
