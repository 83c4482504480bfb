package io.pulse.core.plan;

import java.util.Objects;

/**
 * One employee-to-team assignment of the directory (SPEC §4 "Directory").
 *
 * @param validFrom optional event time from which it applies (SPEC §9); {@code null}: from when it is read
 */
public record DirectoryEntry(String employee, String team, java.time.Instant validFrom) {
    /** An assignment that applies from when it is read. */
    public DirectoryEntry(String employee, String team) {
        this(employee, team, null);
    }

    public DirectoryEntry {
        Objects.requireNonNull(employee, "employee");
        Objects.requireNonNull(team, "team");
    }
}
