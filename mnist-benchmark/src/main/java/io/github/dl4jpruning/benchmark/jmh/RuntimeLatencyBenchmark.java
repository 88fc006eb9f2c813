package io.github.dl4jpruning.benchmark.jmh;

import io.github.dl4jpruning.benchmark.model.MnistMlp;
import io.github.dl4jpruning.runtime.KernelPolicy;
import io.github.dl4jpruning.runtime.RuntimeModel;
import io.github.dl4jpruning.runtime.dl4j.Dl4jExporter;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inference latency per call, one thread: DL4J {@code output()} against the plain-Java runtime on the 784-128-10
 * network at 90% unstructured sparsity (smallest weights of each layer zeroed) and on a 784-26-10 network (the
 * compacted shape), batch 1 and 128, on MNIST-like inputs (81% zeros). The weights are seeded and untrained: the
 * cost depends on shapes and zeros, not on what was learned. {@code --scenario runtime} measures trained networks,
 * all engines interleaved in one run; this is the standard harness for the same comparison.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp mnist-benchmark/target/mnist-benchmark.jar org.openjdk.jmh.Main RuntimeLatencyBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RuntimeLatencyBenchmark {

    /** Rows per call. */
    @Param({"1", "128"})
    public int batch;

    /** Which network and engine: DL4J or the runtime, on the sparse 784-128-10 or the 784-26-10. */
    @Param({"dl4j-sparse90", "runtime-dense-sparse90", "runtime-sparse90", "dl4j-compact", "runtime-compact"})
    public String engine;

    private MultiLayerNetwork net;
    private RuntimeModel model;
    private INDArray x;
    private float[] rows;

    @Setup
    public void setUp() {
        boolean compact = engine.endsWith("compact");
        net = compact ? mlp(26) : MnistMlp.build(12345);
        if (!compact) {
            pruneSmallest(net, 0.9);
        }
        model = Dl4jExporter.export(net, null, engine.startsWith("runtime-dense") ? KernelPolicy.DENSE
                : KernelPolicy.AUTO);
        rows = KernelCalibration.mnistLike(batch * 784, 3);
        x = Nd4j.create(rows, new long[] {batch, 784}, 'c').castTo(DataType.FLOAT);
    }

    @Benchmark
    public Object output() {
        return engine.startsWith("dl4j") ? net.output(x, false) : model.output(rows, batch);
    }

    static MultiLayerNetwork mlp(int hidden) {
        MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(12345)
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(hidden).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        n.init();
        return n;
    }

    /** Zeroes the {@code fraction} smallest |w| of each layer's weights. */
    static void pruneSmallest(MultiLayerNetwork n, double fraction) {
        for (int i = 0; i < n.getnLayers(); i++) {
            INDArray w = n.getLayer(i).getParam("W");
            double[] abs = Arrays.stream(w.dup().data().asDouble()).map(Math::abs).sorted().toArray();
            double cut = abs[(int) (fraction * abs.length)];
            w.muli(Nd4j.math().abs(w).gte(cut).castTo(w.dataType()));
        }
    }
}
