package io.pulse.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * DESIGN "Layout": dependencies point one way (core ← streams ← io ← app ← dev) and pulse-core is
 * plain Java. Maven's enforcer guards the module graph; this guards the code itself, which the
 * module graph cannot (a transitive dependency would make a forbidden import compile).
 */
@AnalyzeClasses(packages = "io.pulse", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleDirectionTest {

    @ArchTest
    static final ArchRule modulesDependOneWay = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("core")
            .definedBy("io.pulse.core..")
            .layer("streams")
            .definedBy("io.pulse.streams..")
            .layer("io")
            .definedBy("io.pulse.io..")
            .layer("app")
            .definedBy("io.pulse.app..")
            .layer("dev")
            .definedBy("io.pulse.dev..")
            .whereLayer("dev")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("app")
            .mayOnlyBeAccessedByLayers("dev")
            .whereLayer("io")
            .mayOnlyBeAccessedByLayers("app", "dev")
            .whereLayer("streams")
            .mayOnlyBeAccessedByLayers("io", "app", "dev")
            .whereLayer("core")
            .mayOnlyBeAccessedByLayers("streams", "io", "app", "dev")
            .because("core <- streams <- io <- app <- dev: the shared I/O knows neither the service nor the "
                    + "development tools, and the service knows no development tool (DESIGN.md, Layout)");

    @ArchTest
    static final ArchRule coreIsPlainJava = noClasses()
            .that()
            .resideInAPackage("io.pulse.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.kafka..", "org.apache.avro..")
            .because("pulse-core holds the KPI math and imports neither Kafka nor Avro (DESIGN.md, Layout)");

    @ArchTest
    static final ArchRule nothingDependsOnDev = noClasses()
            .that()
            .resideInAnyPackage(
                    "io.pulse.core..", "io.pulse.serde..", "io.pulse.streams..", "io.pulse.io..", "io.pulse.app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.pulse.dev..")
            .because("pulse-dev is what development needs and production does not (DESIGN.md, Layout)");

    @ArchTest
    static final ArchRule simulatorIsADevelopmentTool = classes()
            .that()
            .haveSimpleNameContaining("Simulat")
            .should()
            .resideInAPackage("io.pulse.dev..")
            .because("simulated load is for demos and tests: the service jar carries no simulator (DESIGN.md, Layout)");

    @ArchTest
    static final ArchRule serviceAndToolsReadStateOnlyThroughQueries = noClasses()
            .that()
            .resideInAnyPackage("io.pulse.io..", "io.pulse.app..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.pulse.streams.processor..", "io.pulse.streams.state..")
            .because("the state layer owns the stores, key layouts and serdes; the service reads it only through "
                    + "io.pulse.streams.query (DESIGN.md, Layout)");

    @ArchTest
    static final ArchRule engineImportsNoService = noClasses()
            .that()
            .resideInAnyPackage("io.pulse.streams.processor..", "io.pulse.streams.state..", "io.pulse.streams.time..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.pulse.io..", "io.pulse.app..")
            .because("the engine is built by the topology factory from typed configuration, never from the service");
}
