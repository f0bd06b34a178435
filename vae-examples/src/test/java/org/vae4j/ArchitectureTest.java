package org.vae4j;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.vae4j.cli.Vae4jCommand;
import org.vae4j.console.CommandLines;

/**
 * The dependencies between the packages of vae-examples run one way: {@code org.vae4j.console} holds what the
 * {@code vae4j} command line and the example mains share and depends on neither; the command line
 * ({@code org.vae4j.cli}) does not depend on the examples; an example may run the command line only through its
 * entry point, {@link Vae4jCommand} ({@code TrainMnist} is {@code vae4j train}). Only this module's main classes are
 * checked, not vae-core's.
 */
@AnalyzeClasses(packages = {"org.vae4j", "com.example"},
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.ThisModule.class})
class ArchitectureTest {

    /** The classes of vae-examples' main code: those in the folder or jar {@link CommandLines} comes from. */
    static final class ThisModule implements ImportOption {
        private static final String ROOT = CommandLines.class.getProtectionDomain().getCodeSource().getLocation()
                .toString();

        @Override
        public boolean includes(Location location) {
            return location.asURI().toString().contains(ROOT);
        }
    }

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.vae4j.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule consoleDependsOnNeitherTheCommandLineNorTheExamples = noClasses()
            .that().resideInAPackage("org.vae4j.console..")
            .should().dependOnClassesThat().resideInAnyPackage("org.vae4j.cli..", "org.vae4j.examples..",
                    "com.example..");

    @ArchTest
    static final ArchRule theCommandLineDoesNotDependOnTheExamples = noClasses()
            .that().resideInAPackage("org.vae4j.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("org.vae4j.examples..", "com.example..");

    @ArchTest
    static final ArchRule examplesRunTheCommandLineOnlyThroughItsEntryPoint = noClasses()
            .that().resideInAnyPackage("org.vae4j.examples..", "com.example..")
            .should().dependOnClassesThat(resideInAPackage("org.vae4j.cli..").and(not(equivalentTo(
                    Vae4jCommand.class))));
}
