package io.pulse.core.plan;

import java.util.Objects;

/** One employee-to-team assignment of the directory (SPEC §4 "Directory"). */
public record DirectoryEntry(String employee, String team) {
    public DirectoryEntry {
        Objects.requireNonNull(employee, "employee");
        Objects.requireNonNull(team, "team");
    }
}
