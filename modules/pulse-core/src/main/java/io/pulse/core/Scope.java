package io.pulse.core;

import java.util.Locale;

/** The scopes an event counts toward (SPEC §2) and that plans belong to (SPEC §4). */
public enum Scope {
    CAMPAIGN,
    CHANNEL,
    EMPLOYEE,
    TEAM,
    COMPANY;

    /** {@link #id()}, computed once: it is on the path of every output row. */
    private final String id = name().toLowerCase(Locale.ROOT);

    /** The id of the single company scope. */
    public static final String COMPANY_ID = "all";

    /** Lower-case name used in topics, keys, configuration and JSON. */
    public String id() {
        return id;
    }

    public static Scope parse(String id) {
        for (Scope s : values()) {
            if (s.id().equalsIgnoreCase(id.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown scope '" + id + "': expected one of campaign, channel, employee, team, company");
    }
}
