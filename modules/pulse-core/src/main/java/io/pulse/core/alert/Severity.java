package io.pulse.core.alert;

import java.util.Locale;

/** How urgent an alert is. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL;

    /** The lower-case name used in configuration and outputs ({@code warning}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String id) {
        if (id != null) {
            for (Severity s : values()) {
                if (s.id().equalsIgnoreCase(id.trim())) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("unknown severity '" + id + "': expected one of info, warning, critical");
    }
}
