package io.github.dl4jpruning.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a user of the published core gets: a jar with a stable module name and its license, and sources and javadoc
 * jars beside it. Reads the core's jar from this module's class path, so it runs when the reactor has packaged the
 * core ({@code mvn verify}); under {@code mvn test} the core is a classes directory and the tests are skipped.
 *
 * <p>Touches no class of the core (nor SLF4J), so that {@link CoreLogsThroughLogback12Test} still sees SLF4J start.
 */
class PublishedCoreJarTest {

    private static Path coreJar;

    @BeforeAll
    static void findTheCoreOnTheClassPath() {
        List<Path> core = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> p.getFileName().toString().startsWith("dl4j-pruning-core")
                        || p.toString().contains("dl4j-pruning-core" + File.separator + "target"))
                .toList();
        assertThat(core).as("the core's entry on the class path").hasSize(1);
        coreJar = core.get(0);
    }

    @Test
    void theJarNamesItsModuleIoGithubDl4jpruningCore() {
        assumeJar();
        List<String> names = ModuleFinder.of(coreJar).findAll().stream()
                .map(ModuleReference::descriptor).map(d -> d.name()).toList();
        assertThat(names).as("the module name a module-path user gets from " + coreJar.getFileName())
                .containsExactly("io.github.dl4jpruning.core");
    }

    @Test
    void theJarCarriesItsLicense() throws IOException {
        assumeJar();
        try (ZipFile jar = new ZipFile(coreJar.toFile())) {
            assertThat(jar.getEntry("META-INF/LICENSE")).as("META-INF/LICENSE in " + coreJar.getFileName()).isNotNull();
        }
    }

    @Test
    void sourcesAndJavadocJarsLieBesideIt() throws IOException {
        assumeJar();
        assertThat(entriesOf(sibling("-sources.jar")))
                .contains("io/github/dl4jpruning/pruning/EnergyPruningCallback.java");
        assertThat(entriesOf(sibling("-javadoc.jar")))
                .contains("index.html", "io/github/dl4jpruning/pruning/EnergyPruningCallback.html");
    }

    private static void assumeJar() {
        assumeTrue(coreJar.toString().endsWith(".jar"), "the core is " + coreJar + ", not a packaged jar");
    }

    private static Path sibling(String suffix) {
        String name = coreJar.getFileName().toString();
        Path p = coreJar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + suffix);
        assertThat(p).as("beside the core's jar").exists();
        return p;
    }

    private static List<String> entriesOf(Path jar) throws IOException {
        assertThat(Files.size(jar)).isPositive();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(e -> e.getName()).toList();
        }
    }
}
