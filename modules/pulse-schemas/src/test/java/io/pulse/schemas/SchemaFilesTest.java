package io.pulse.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaFilesTest {

    static Stream<Path> schemaFiles() {
        return SchemaFiles.currentSchemaFiles().stream();
    }

    @Test
    void shouldFindTheSchemasOfEveryKind() {
        // Given the repository's schemas folder
        List<Path> files = SchemaFiles.currentSchemaFiles();

        // Then events, outputs and control records are all there (SPEC §2, §4, §6)
        assertThat(files)
                .extracting(Path::toString)
                .contains(
                        "events/OrderEvent.avsc",
                        "events/TicketEvent.avsc",
                        "outputs/KpiValue.avsc",
                        "outputs/Scorecard.avsc",
                        "outputs/Alert.avsc",
                        "outputs/RejectedRecord.avsc",
                        "control/Plan.avsc",
                        "control/DirectoryEntry.avsc");
        assertThat(files).hasSizeGreaterThanOrEqualTo(15);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void shouldParseOnItsOwnWithTheNamespaceOfItsFolder(Path file) {
        // When
        Schema schema = SchemaFiles.parse(SchemaFiles.SCHEMAS_DIR.resolve(file));

        // Then
        assertThat(schema.getType()).isEqualTo(Schema.Type.RECORD);
        assertThat(schema.getName() + ".avsc").isEqualTo(file.getFileName().toString());
        assertThat(schema.getNamespace())
                .isEqualTo("io.pulse.avro." + file.getParent().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void shouldDocumentEveryFieldAndDefaultEveryOptionalOne(Path file) {
        Schema schema = SchemaFiles.parse(SchemaFiles.SCHEMAS_DIR.resolve(file));

        assertThat(schema.getDoc()).as("doc of %s", schema.getFullName()).isNotBlank();
        checkFields(schema);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void shouldMatchTheGeneratedClass(Path file) throws Exception {
        // Given the schema file and the class pulse-schemas generated from it
        Schema fromFile = SchemaFiles.parse(SchemaFiles.SCHEMAS_DIR.resolve(file));
        Class<?> generated = Class.forName(fromFile.getFullName());

        // Then they agree on everything that decides the binary encoding
        Schema fromClass = SpecificData.get().getSchema(generated);
        assertThat(SchemaNormalization.parsingFingerprint64(fromClass))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(fromFile));
    }

    private static void checkFields(Schema record) {
        for (Schema.Field field : record.getFields()) {
            String where = record.getFullName() + "." + field.name();
            assertThat(field.doc()).as("doc of %s", where).isNotBlank();
            Schema type = field.schema();
            if (type.isNullable()) {
                assertThat(type.getTypes().get(0).getType())
                        .as("%s: null comes first in an optional field's union", where)
                        .isEqualTo(Schema.Type.NULL);
                assertThat(field.hasDefaultValue())
                        .as("%s: optional field needs a default", where)
                        .isTrue();
                assertThat(field.defaultVal())
                        .as("%s: optional field defaults to null", where)
                        .isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
            }
            nestedRecord(type).forEach(SchemaFilesTest::checkFields);
        }
    }

    private static List<Schema> nestedRecord(Schema type) {
        return switch (type.getType()) {
            case RECORD -> List.of(type);
            case ARRAY -> nestedRecord(type.getElementType());
            case MAP -> nestedRecord(type.getValueType());
            case UNION ->
                type.getTypes().stream().flatMap(t -> nestedRecord(t).stream()).toList();
            default -> List.of();
        };
    }
}
