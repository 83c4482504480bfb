package io.pulse.app.access;

import java.util.Locale;

/** The roles of SPEC §10, from least to most privileged. */
public enum Role {
    /** Subject: an employee id. Sees their own numbers, plus company, campaign and channel KPIs and alerts. */
    EMPLOYEE,
    /** Subject: a team id. Sees the team's and its current members' numbers, plus the public scopes. */
    LEAD,
    /** Sees everything. */
    ADMIN;

    /** Lower-case name, as in configuration, claims and JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code text} (any case), or null when it names none. */
    public static Role parse(String text) {
        if (text == null) {
            return null;
        }
        for (Role r : values()) {
            if (r.id().equalsIgnoreCase(text.strip())) {
                return r;
            }
        }
        return null;
    }
}
