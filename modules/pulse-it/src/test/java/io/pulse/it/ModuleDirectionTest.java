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
}
