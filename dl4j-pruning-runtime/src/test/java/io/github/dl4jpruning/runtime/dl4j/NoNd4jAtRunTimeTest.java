package io.github.dl4jpruning.runtime.dl4j;

import io.github.dl4jpruning.runtime.RuntimeModel;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A deployment needs only the runtime: its classes outside {@code runtime.dl4j} reference no ND4J or DL4J class
 * (bytecode scan), and a model file exported here loads and runs in a class loader that cannot see ND4J, DL4J or the
 * exporter, giving DL4J's outputs.
 */
class NoNd4jAtRunTimeTest {

    private static final String[] FORBIDDEN = {"org/nd4j", "org/deeplearning4j", "io/github/dl4jpruning/runtime/dl4j"};

    private static Path classes() throws Exception {
        return Path.of(RuntimeModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void runtimeClassesReferenceNoNd4jOrDl4jClass() throws Exception {
        Path pkg = classes().resolve("io/github/dl4jpruning/runtime");
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.list(pkg)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                scanned++;
                String constants = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String bad : FORBIDDEN) {
                    if (constants.contains(bad)) {
                        offenders.add(f.getFileName() + " -> " + bad);
                    }
                }
            }
        }
        assertThat(scanned).as("runtime classes scanned").isGreaterThan(15);
        assertThat(offenders).isEmpty();
    }

    @Test
    void exportedModelRunsInAClassLoaderWithoutNd4j(@TempDir Path dir) throws Exception {
        InputType in = InputType.convolutionalFlat(12, 12, 1);
        MultiLayerNetwork net = Nets.mln(in,
                new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(),
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(5).activation(Activation.SOFTMAX)
                        .build());
        Nets.prune(net, 0.5, 4);
        Path file = dir.resolve("cnn.dl4jrt");
        Dl4jExporter.save(net, in, file);
        float[] x = Equality.input(2 * 144, 8);
        float[] expected = Equality.dl4jOutput(net, x, 2, null, false).castTo(DataType.FLOAT).dup('c').data()
                .asFloat();

        try (URLClassLoader isolated = new RuntimeOnlyLoader(classes().toUri().toURL())) {
            Class<?> model = isolated.loadClass(RuntimeModel.class.getName());
            assertThat(model.getClassLoader()).isSameAs(isolated);
            Object loaded = model.getMethod("load", Path.class).invoke(null, file);
            Method output = model.getMethod("output", float[].class, int.class);
            float[] actual = (float[]) output.invoke(loaded, x, 2);
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < actual.length; i++) {
                assertThat((double) actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
            }
            assertThatThrownBy(() -> isolated.loadClass("org.nd4j.linalg.factory.Nd4j"))
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    /** Sees the runtime's classes and the JDK only; refuses ND4J, DL4J and the exporter by name. */
    private static final class RuntimeOnlyLoader extends URLClassLoader {
        RuntimeOnlyLoader(URL classes) {
            super(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            for (String bad : FORBIDDEN) {
                if (name.startsWith(bad.replace('/', '.'))) {
                    throw new ClassNotFoundException(name + " is not visible to a runtime-only deployment");
                }
            }
            return super.loadClass(name, resolve);
        }
    }
}
