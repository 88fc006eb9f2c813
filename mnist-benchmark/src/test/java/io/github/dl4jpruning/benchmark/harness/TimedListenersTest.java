package io.github.dl4jpruning.benchmark.harness;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TimedListenersTest {

    /** Records each callback it receives as "name:method". */
    private static final class Recorder extends BaseTrainingListener {
        private final String name;
        private final List<String> calls;
        private final long sleepMillis;

        Recorder(String name, List<String> calls, long sleepMillis) {
            this.name = name;
            this.calls = calls;
            this.sleepMillis = sleepMillis;
        }

        private void record(String method) {
            calls.add(name + ":" + method);
            if (sleepMillis > 0) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            record("iterationDone " + iteration + " " + epoch);
        }

        @Override
        public void onEpochStart(Model model) {
            record("onEpochStart");
        }

        @Override
        public void onEpochEnd(Model model) {
            record("onEpochEnd");
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            record("onForwardPass list");
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            record("onForwardPass map");
        }

        @Override
        public void onGradientCalculation(Model model) {
            record("onGradientCalculation");
        }

        @Override
        public void onBackwardPass(Model model) {
            record("onBackwardPass");
        }
    }

    @Test
    void forwardsEveryCallbackToEveryListenerInOrder() {
        List<String> calls = new ArrayList<>();
        TimedListeners timed = new TimedListeners(new Recorder("a", calls, 0), new Recorder("b", calls, 0));

        timed.onEpochStart(null);
        timed.onForwardPass(null, List.<INDArray>of());
        timed.onForwardPass(null, Map.<String, INDArray>of());
        timed.onBackwardPass(null);
        timed.onGradientCalculation(null);
        timed.iterationDone(null, 7, 2);
        timed.onEpochEnd(null);

        assertThat(calls).containsExactly(
                "a:onEpochStart", "b:onEpochStart",
                "a:onForwardPass list", "b:onForwardPass list",
                "a:onForwardPass map", "b:onForwardPass map",
                "a:onBackwardPass", "b:onBackwardPass",
                "a:onGradientCalculation", "b:onGradientCalculation",
                "a:iterationDone 7 2", "b:iterationDone 7 2",
                "a:onEpochEnd", "b:onEpochEnd");
    }

    @Test
    void sumsTheTimeSpentInsideTheListeners() {
        List<String> calls = new ArrayList<>();
        TimedListeners timed = new TimedListeners(new Recorder("slow", calls, 20));
        assertThat(timed.seconds()).isZero();

        timed.iterationDone(null, 0, 0);
        timed.onGradientCalculation(null);

        // Two callbacks of at least 20 ms each; sleep may overshoot, never undershoot.
        assertThat(timed.seconds()).isGreaterThanOrEqualTo(0.040).isLessThan(5.0);
    }
}
