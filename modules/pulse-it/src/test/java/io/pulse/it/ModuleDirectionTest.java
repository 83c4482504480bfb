package io.pulse.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * DESIGN "Layout": dependencies point one way (core ← streams ← app ← dev) and pulse-core is
 * plain Java. Maven's enforcer guards the module graph; this guards the code itself, which the
 * module graph cannot (a transitive dependency would make a forbidden import compile).
 */
@AnalyzeClasses(packages = "io.pulse", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleDirectionTest {

    @ArchTest
    static final ArchRule coreIsPlainJava = noClasses()
            .that().resideInAPackage("io.pulse.core..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.apache.avro..")
            .because("pulse-core holds the KPI math and imports neither Kafka nor Avro (DESIGN.md, Layout)");

    @ArchTest
    static final ArchRule nothingDependsOnDev = noClasses()
            .that().resideInAnyPackage("io.pulse.core..", "io.pulse.serde..", "io.pulse.streams..", "io.pulse.app..")
            .should().dependOnClassesThat().resideInAPackage("io.pulse.dev..")
            .because("pulse-dev is what development needs and production does not (DESIGN.md, Layout)");

    @ArchTest
    static final ArchRule appReadsStateOnlyThroughQueries = noClasses()
            .that().resideInAPackage("io.pulse.app..")
            .should().dependOnClassesThat().resideInAnyPackage("io.pulse.streams.processor..", "io.pulse.streams.state..")
            .because("the state layer owns the stores, key layouts and serdes; the service reads it only through "
                    + "io.pulse.streams.query (DESIGN.md, Layout)");

    @ArchTest
    static final ArchRule engineImportsNoService = noClasses()
            .that().resideInAnyPackage("io.pulse.streams.processor..", "io.pulse.streams.state..", "io.pulse.streams.time..")
            .should().dependOnClassesThat().resideInAPackage("io.pulse.app..")
            .because("the engine is built by the topology factory from typed configuration, never from the service");
}
