package io.pulse.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema stays backward compatible with the last released version, so a consumer built
 * against this version reads what producers of the last release wrote. See
 * {@code src/test/resources/released/README.md} for adding a release.
 */
class SchemaCompatibilityTest {

    static Stream<Path> releasedSchemaFiles() {
        return SchemaFiles.avscFiles(SchemaFiles.latestRelease()).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedSchemaFiles")
    void shouldReadWhatTheLastReleaseWrote(Path file) {
        // Given the schema as released and as it is now
        Path release = SchemaFiles.latestRelease();
        Path current = SchemaFiles.SCHEMAS_DIR.resolve(file);
        assertThat(current)
                .as("%s was released in %s and must not disappear", file, release.getFileName())
                .exists();
        Schema released = SchemaFiles.parse(release.resolve(file));
        Schema now = SchemaFiles.parse(current);

        // When the new schema reads with the released one as writer
        String problems = SchemaEvolution.backwardIncompatibilities(now, released);

        // Then nothing breaks
        assertThat(problems)
                .as("%s is not backward compatible with release %s", file, release.getFileName())
                .isNull();
    }

    @Test
    void shouldPickTheHighestReleaseNumerically() {
        assertThat(SchemaFiles.compareVersions("0.10.0", "0.9.2")).isPositive();
        assertThat(SchemaFiles.compareVersions("1.0.0", "1.0")).isZero();
        assertThat(SchemaFiles.compareVersions("0.1.0", "0.1.1")).isNegative();
        assertThat(Files.isDirectory(SchemaFiles.latestRelease())).isTrue();
    }

    @Test
    void shouldRejectANewRequiredFieldWithoutDefault() {
        // Given the released OrderEvent and a version that adds a required field
        Schema released = SchemaFiles.parse(SchemaFiles.latestRelease().resolve("events/OrderEvent.avsc"));
        Schema changed = withExtraField(released, "{\"name\":\"couponCode\",\"type\":\"string\"}");

        // When
        String problems = SchemaEvolution.backwardIncompatibilities(changed, released);

        // Then the check fails and names the field
        assertThat(problems)
                .isNotNull()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("couponCode");
    }

    @Test
    void shouldRejectAChangedFieldType() {
        Schema released = SchemaFiles.parse(SchemaFiles.latestRelease().resolve("events/NpsEvent.avsc"));
        Schema changed = new Schema.Parser()
                .parse(released.toString()
                        .replace("{\"name\":\"score\",\"type\":\"int\"", "{\"name\":\"score\",\"type\":\"string\""));
        assertThat(changed.getField("score").schema().getType()).isEqualTo(Schema.Type.STRING);

        assertThat(SchemaEvolution.backwardIncompatibilities(changed, released))
                .isNotNull()
                .contains("TYPE_MISMATCH");
    }

    @Test
    void shouldAcceptANewOptionalFieldWithDefault() {
        Schema released = SchemaFiles.parse(SchemaFiles.latestRelease().resolve("events/OrderEvent.avsc"));
        Schema changed =
                withExtraField(released, "{\"name\":\"couponCode\",\"type\":[\"null\",\"string\"],\"default\":null}");

        assertThat(SchemaEvolution.backwardIncompatibilities(changed, released)).isNull();
    }

    private static Schema withExtraField(Schema schema, String fieldJson) {
        String json = schema.toString();
        int end = json.lastIndexOf(']');
        return new Schema.Parser().parse(json.substring(0, end) + "," + fieldJson + json.substring(end));
    }
}
