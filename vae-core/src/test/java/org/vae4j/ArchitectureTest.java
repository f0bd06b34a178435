package org.vae4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layout of vae-core, kept as designed: data flows one way (config, graph, plan, trainer, model, file),
 * no import runs back up, no package cycle, no source file over 450 lines.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // vae-core's own classes only: scanning the class path for the package takes seconds
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of("target/classes"));
        assertTrue(classes.size() > 80, "vae-core's classes were found: " + classes.size());
    }

    @Test
    void subpackagesAreFreeOfCycles() {
        slices().matching("org.vae4j.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Foundation").definedBy("org.vae4j.data..", "org.vae4j.schedule..", "org.vae4j.io..")
                .layer("Parts").definedBy("org.vae4j.nn..", "org.vae4j.likelihood..", "org.vae4j.prior..",
                        "org.vae4j.objective..")
                .layer("Graph").definedBy("org.vae4j.graph..")
                .layer("Execution").definedBy("org.vae4j.exec..")
                .layer("Training").definedBy("org.vae4j.train..")
                .layer("Api").definedBy("org.vae4j")
                // GANs: built on the same parts, graph execution, optimizer and model file as the VAE
                .layer("Gan").definedBy("org.vae4j.gan..")
                .layer("Tools").definedBy("org.vae4j.image..", "org.vae4j.latent..", "org.vae4j.plot..",
                        "org.vae4j.report..", "org.vae4j.anomaly..")
                // sample quality: a tool that trains and runs a classifier graph of its own, so it also reaches
                // the execution and training layers (ExecutionPlan, GraphRunner, Optimizer); nothing imports it
                .layer("Quality").definedBy("org.vae4j.quality..")
                // Spark, a provided dependency: the top layer, which nothing imports; it drives the training loop's
                // seam (train.BatchGradients) and scores with the tools
                .layer("Distributed").definedBy("org.vae4j.spark..")
                .whereLayer("Tools").mayOnlyBeAccessedByLayers("Distributed")
                .whereLayer("Distributed").mayNotBeAccessedByAnyLayer()
                .whereLayer("Quality").mayNotBeAccessedByAnyLayer()
                .whereLayer("Gan").mayOnlyBeAccessedByLayers("Tools", "Quality", "Distributed")
                .whereLayer("Api").mayOnlyBeAccessedByLayers("Gan", "Tools", "Quality", "Distributed")
                .whereLayer("Training").mayOnlyBeAccessedByLayers("Api", "Gan", "Quality", "Distributed")
                .whereLayer("Execution").mayOnlyBeAccessedByLayers("Training", "Api", "Gan", "Quality")
                .whereLayer("Graph").mayOnlyBeAccessedByLayers("Execution", "Training", "Api", "Gan", "Tools",
                        "Quality", "Distributed")
                .whereLayer("Parts").mayOnlyBeAccessedByLayers("Graph", "Execution", "Training", "Api", "Gan", "Tools",
                        "Quality", "Distributed")
                .check(classes);
    }

    @Test
    void theModelFileKnowsNothingOfTheModel() {
        noClasses().that().resideInAPackage("org.vae4j.io..").should().dependOnClassesThat()
                .resideOutsideOfPackages("org.vae4j.io..", "java..", "org.nd4j..", "com.fasterxml..")
                .check(classes);
    }

    @Test
    void noSourceFileIsOver450Lines() throws IOException {
        Path sources = Path.of("src/main/java");
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(sources)) {
            tooLong = files.filter(p -> p.toString().endsWith(".java")).filter(p -> lines(p) > 450)
                    .map(p -> sources.relativize(p) + " (" + lines(p) + " lines)").toList();
        }
        assertTrue(tooLong.isEmpty(), "files over 450 lines: " + tooLong);
    }

    private static long lines(Path p) {
        try (Stream<String> s = Files.lines(p)) {
            return s.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
