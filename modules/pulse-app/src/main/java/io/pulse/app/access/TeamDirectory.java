package io.pulse.app.access;

/**
 * Which team an employee belongs to now: the directory Pulse keeps (SPEC §4, loaded with {@code directory load}).
 * A team lead sees the employees whose current team is theirs.
 */
@FunctionalInterface
public interface TeamDirectory {
    /** No directory: nobody is a member of any team (leads see only their team's own numbers). */
    TeamDirectory EMPTY = employee -> null;

    /**
     * The current team of {@code employee}, or null when the directory has none.
     *
     * @throws AccessException 503 when the directory cannot be read now
     */
    String teamOf(String employee);
}
