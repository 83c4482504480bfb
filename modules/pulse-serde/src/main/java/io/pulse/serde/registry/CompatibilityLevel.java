package io.pulse.serde.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A subject's compatibility level, as the Confluent registry names them. */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /** The level a registry applies when nothing is configured. */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    /** Parses a level case-insensitively; the error lists the valid names. */
    public static CompatibilityLevel parse(String name) {
        if (name != null) {
            for (CompatibilityLevel level : values()) {
                if (level.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
                    return level;
                }
            }
        }
        throw new IllegalArgumentException("unknown compatibility level '" + name + "', expected one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    /** True when the new schema must read data written with the existing ones. */
    public boolean backward() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** True when the existing schemas must read data written with the new one. */
    public boolean forward() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** True when every earlier version counts, not only the latest. */
    public boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }
}
