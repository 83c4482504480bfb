package io.pulse.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
                .hasMessage("directory entry #1: unknown field 'teem' (known: employee, team, validFrom)");
        assertThatThrownBy(() -> DirectoryLoader.load("- { employee: e-1 }"))
                .hasMessage("directory entry #1: 'team' is required");
        assertThatThrownBy(() -> DirectoryLoader.load("- { employee: e-1, team: a }\n- { employee: e-1, team: b }"))
                .hasMessage("directory entry #2: employee e-1 is already assigned by entry #1");
        assertThatThrownBy(() -> DirectoryLoader.load("- { employee: e@1, team: a }"))
                .hasMessage("directory entry #1: employee ids may not contain '@', got 'e@1'");
    }

    @Test
    void shouldKeepDatedAssignmentsOfOneEmployeeApart() {
        // Given an employee moving teams on a date
        var entries = DirectoryLoader.load("- { employee: e-1, team: north }\n"
                + "- { employee: e-1, team: south, validFrom: '2026-11-04T00:00+03:00' }");

        // Then both stay, the second with its event time
        assertThat(entries).extracting(DirectoryEntry::team).containsExactly("north", "south");
        assertThat(entries.get(1).validFrom()).isEqualTo(java.time.Instant.parse("2026-11-03T21:00:00Z"));
        assertThatThrownBy(() -> DirectoryLoader.load("- { employee: e-1, team: a, validFrom: '2026-11-04T00:00Z' }\n"
                        + "- { employee: e-1, team: b, validFrom: '2026-11-04T00:00Z' }"))
                .hasMessage(
                        "directory entry #2: employee e-1 is already assigned by entry #1 from 2026-11-04T00:00:00Z");
    }
}
