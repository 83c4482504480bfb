package io.pulse.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private static final Schema V1 = SchemaBuilder.record("Lead")
            .namespace("t")
            .fields()
            .requiredString("eventId")
            .endRecord();
    private static final Schema V2 = SchemaBuilder.record("Lead")
            .namespace("t")
            .fields()
            .requiredString("eventId")
            .optionalString("channel")
            .endRecord();
    private static final Schema V3_BREAKING = SchemaBuilder.record("Lead")
            .namespace("t")
            .fields()
            .requiredString("eventId")
            .requiredInt("score")
            .endRecord();

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void shouldGiveEqualSchemasOneIdAcrossSubjectsAndVersionsPerSubject() {
        int a = registry.register("leads-value", V1);
        int again = registry.register("leads-value", V1);
        int other = registry.register("archive-value", V1);
        int v2 = registry.register("leads-value", V2);

        assertThat(again).isEqualTo(a);
        assertThat(other).isEqualTo(a);
        assertThat(v2).isNotEqualTo(a);
        assertThat(registry.getLatestVersion("leads-value")).isEqualTo(new RegisteredSchema("leads-value", 2, v2, V2));
        assertThat(registry.getId("leads-value", V1)).isEqualTo(a);
        assertThat(registry.getSchemaById(v2)).isEqualTo(V2);
    }

    @Test
    void shouldRejectABreakingChangeUnderTheDefaultBackwardLevel() {
        registry.register("leads-value", V1);

        assertThat(registry.getCompatibility("leads-value")).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(registry.testCompatibility("leads-value", V3_BREAKING).compatible())
                .isFalse();
        assertThatThrownBy(() -> registry.register("leads-value", V3_BREAKING))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.INCOMPATIBLE);
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("leads-value").contains("score");
                });
    }

    @Test
    void shouldApplyForwardAndTransitiveLevels() {
        registry.register("leads-value", V1);
        registry.setCompatibility("leads-value", CompatibilityLevel.FORWARD);
        // FORWARD: the old schema must read new data, and it does: readers skip fields they lack.
        assertThat(registry.testCompatibility("leads-value", V3_BREAKING).compatible())
                .isTrue();

        registry.setCompatibility("leads-value", CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(registry.testCompatibility("leads-value", V3_BREAKING).compatible())
                .isFalse();
        assertThat(registry.testCompatibility("leads-value", V2).compatible()).isTrue();
        registry.setGlobalCompatibility(CompatibilityLevel.NONE);
        assertThat(registry.getCompatibility("other")).isEqualTo(CompatibilityLevel.NONE);
    }

    @Test
    void shouldAnswerWithTheRegistryNotFoundCodes() {
        assertThatThrownBy(() -> registry.getSchemaById(5)).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(40403);
            assertThat(e.httpStatus()).isEqualTo(404);
        });
        assertThatThrownBy(() -> registry.getId("nope", V1))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
        registry.register("leads-value", V1);
        assertThatThrownBy(() -> registry.getId("leads-value", V2))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    }

    @Test
    void shouldShareARegistryPerScopeUntilReset() {
        SchemaRegistryClient a = SchemaRegistryClients.create(
                RegistryClientConfig.builder().urls("mem://shared").build());
        SchemaRegistryClient b = SchemaRegistryClients.create(
                RegistryClientConfig.builder().urls("mem://shared").build());
        int id = a.register("s", V1);

        assertThat(b.getSchemaById(id)).isEqualTo(V1);

        InMemorySchemaRegistry.reset("shared");
        SchemaRegistryClient c = SchemaRegistryClients.create(
                RegistryClientConfig.builder().urls("mem://shared").build());
        assertThatThrownBy(() -> c.getSchemaById(id)).isInstanceOf(RegistryException.class);
    }

    @Test
    void shouldRegisterTheFileFormOfAGeneratedSchema() {
        Schema withJavaProps = new Schema.Parser()
                .parse(
                        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"s\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}}]}");

        Schema stripped = AvroSchemas.withoutJavaProperties(withJavaProps);

        assertThat(stripped.toString())
                .isEqualTo("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"s\",\"type\":\"string\"}]}");
    }
}
