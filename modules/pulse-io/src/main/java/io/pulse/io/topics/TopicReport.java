package io.pulse.io.topics;

import java.util.List;

/**
 * What {@link TopicAdmin#ensure} did.
 *
 * @param created  topics it created
 * @param existing topics that were there already and were left alone
 * @param problems existing topics that differ from the plan in a way Pulse depends on, one clear
 *                 sentence each (partition count, cleanup policy)
 */
public record TopicReport(List<String> created, List<String> existing, List<String> problems) {

    public TopicReport {
        created = List.copyOf(created);
        existing = List.copyOf(existing);
        problems = List.copyOf(problems);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Throws {@link IllegalStateException} listing the problems, if there are any. */
    public TopicReport requireNoProblems() {
        if (hasProblems()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return this;
    }

    /** One line: how many topics were created and left alone, and how many problems were found. */
    public String summary() {
        return created.size() + " topics created, " + existing.size() + " already existed"
                + (problems.isEmpty() ? "" : ", " + problems.size() + " with problems");
    }
}
