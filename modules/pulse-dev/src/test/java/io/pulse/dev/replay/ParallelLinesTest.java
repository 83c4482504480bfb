package io.pulse.dev.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.io.events.InputEvent;
import io.pulse.io.json.EventJson;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelLinesTest {
    private static String impression(int i) {
        return "{\"type\":\"impression\",\"eventId\":\"i-" + i + "\",\"occurredAt\":\"2026-11-02T10:00:00Z\","
                + "\"campaignId\":\"c-1\",\"channel\":\"search\"}";
    }

    @Test
    void shouldHandEveryEventAndBadLineOnInTheFilesOrder() throws Exception {
        // Given a file of several chunks with bad and blank lines among the events
        StringBuilder file = new StringBuilder();
        List<String> expected = new ArrayList<>();
        List<Long> expectedBad = new ArrayList<>();
        int lines = 3 * ParallelLines.CHUNK + 17;
        for (int n = 1; n <= lines; n++) {
            if (n % 997 == 0) {
                file.append("not json\n");
                expectedBad.add((long) n);
            } else if (n % 501 == 0) {
                file.append("   \n");
            } else {
                file.append(impression(n)).append('\n');
                expected.add("i-" + n);
            }
        }

        // When it is read on three workers
        List<String> seen = new ArrayList<>();
        List<Long> bad = new ArrayList<>();
        long count = ParallelLines.read(
                new BufferedReader(new StringReader(file.toString())),
                3,
                InputEvent::eventId,
                seen::add,
                b -> bad.add(b.number()));

        // Then every event arrives once, in the file's order, and every bad line with its own number
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(count).isEqualTo(expected.size());
        assertThat(bad).containsExactlyElementsOf(expectedBad);
    }

    @Test
    void shouldGiveTheSameAsTheSequentialReader() throws Exception {
        String file = impression(1) + "\n{\"type\":\"nope\"}\n\n" + impression(2) + "\n";
        List<String> sequential = new ArrayList<>();
        EventJson.readLines(
                new BufferedReader(new StringReader(file)),
                e -> sequential.add(e.eventId()),
                b -> sequential.add(b.number() + ": " + b.reason()));
        List<String> parallel = new ArrayList<>();
        ParallelLines.read(
                new BufferedReader(new StringReader(file)),
                2,
                InputEvent::eventId,
                parallel::add,
                b -> parallel.add(b.number() + ": " + b.reason()));
        assertThat(parallel).isEqualTo(sequential).hasSize(3);
    }

    @Test
    void shouldFailWithThePreparersOwnError() {
        assertThatThrownBy(() -> ParallelLines.read(
                        new BufferedReader(new StringReader(impression(1) + "\n")),
                        2,
                        e -> {
                            throw new IllegalStateException("cannot encode " + e.eventId());
                        },
                        r -> {},
                        b -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot encode i-1");
    }
}
