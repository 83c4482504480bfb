package io.pulse.core.plan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectoryLoaderTest {

    @Test
    void shouldLoadEmployeeTeamAssignmentsFromYamlAndJson() {
        // Given
        String yaml = """
                - { employee: e-017, team: north }
                - employee: e-018
                  team: south
                """;

        // When / Then
        assertThat(DirectoryLoader.load(yaml))
                .containsExactly(new DirectoryEntry("e-017", "north"), new DirectoryEntry("e-018", "south"));
        assertThat(DirectoryLoader.load("[{\"employee\": \"e-1\", \"team\": \"west\"}]"))
                .containsExactly(new DirectoryEntry("e-1", "west"));
    }

    @Test
    void shouldRejectUnknownFieldsMissingValuesAndDuplicates() {
        // Given / When / Then
        assertThatThrownBy(() -> DirectoryLoader.load("- { employee: e-1, teem: north }"))
                .isInstanceOf(PlanException.class)
                .hasMessage("directory entry #1: unknown field 'teem' (known: employee, team)");
        assertThatThrownBy(() -> DirectoryLoader.load("- { employee: e-1 }"))
                .hasMessage("directory entry #1: 'team' is required");
        assertThatThrownBy(() -> DirectoryLoader.load("- { employee: e-1, team: a }\n- { employee: e-1, team: b }"))
                .hasMessage("directory entry #2: employee e-1 is already assigned by entry #1");
    }
}
