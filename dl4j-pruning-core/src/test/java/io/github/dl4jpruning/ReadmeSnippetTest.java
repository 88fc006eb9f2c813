package io.github.dl4jpruning;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.testutil.TinyNets;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The README's "Use it in your training" snippet is what users copy first: it must compile against the core as it is,
 * and do what its comments say when run on a network (a tiny one here).
 */
class ReadmeSnippetTest {

    private static final Pattern FIRST_JAVA_BLOCK =
            Pattern.compile("## Use it in your training\\s+```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theUseItInYourTrainingSnippetCompilesAndPrunesANetwork() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher m = FIRST_JAVA_BLOCK.matcher(readme);
        assertThat(m.find()).as("README has a java block under 'Use it in your training'").isTrue();

        // The snippet's free variables are the ones a user has: their network and their training data.
        String source = """
                package snippet;
                import io.github.dl4jpruning.criteria.*;
                import io.github.dl4jpruning.energy.*;
                import io.github.dl4jpruning.pruning.*;
                import io.github.dl4jpruning.schedule.*;
                import io.github.dl4jpruning.select.*;
                import io.github.dl4jpruning.stats.*;
                import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
                import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
                public final class Snippet {
                    public static EnergyPruningCallback run(MultiLayerNetwork net, DataSetIterator trainIterator) {
                %s
                        return pruning;
                    }
                }
                """.formatted(m.group(1));
        Path src = dir.resolve("snippet/Snippet.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        // Surefire hands the forked JVM a manifest-only jar; the real test class path is in this property.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-classpath", classPath, "-d", classes.toString(), src.toString());
        assertThat(rc).as("javac on the README snippet:%n%s", errors.toString(StandardCharsets.UTF_8)).isZero();

        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Method run = loader.loadClass("snippet.Snippet").getMethod("run", MultiLayerNetwork.class,
                    org.nd4j.linalg.dataset.api.iterator.DataSetIterator.class);
            EnergyPruningCallback pruning = (EnergyPruningCallback) run.invoke(null, net, TinyNets.data(128, 32, 1));

            // The snippet's schedule says 90% after epoch 3 of 5, held to the end.
            assertThat(pruning.sparsity()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(0.01));
            assertThat(pruning.history()).hasSize(3);
            assertThat(pruning.verify(net).ok()).isTrue();
        }
    }
}
