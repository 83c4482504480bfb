package io.pulse.app.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private Instant now = Instant.parse("2026-11-30T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void shouldEndASessionWithItsTokenOrTheTtlWhicheverComesFirst() {
        Sessions sessions = new Sessions(Duration.ofHours(12), clock);
        Caller shortLived = new Caller(Role.EMPLOYEE, "e-1", "oidc", now.plusSeconds(600));

        Sessions.Opened s = sessions.open(shortLived);

        assertThat(s.maxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(sessions.find(s.id()).subject()).isEqualTo("e-1");
        assertThat(sessions.find(s.id()).via()).isEqualTo("session");
        now = now.plusSeconds(600);
        assertThat(sessions.find(s.id())).isNull();

        Sessions.Opened forever = sessions.open(new Caller(Role.ADMIN, null, "token:ops", null));
        assertThat(forever.maxAge()).isEqualTo(Duration.ofHours(12));
        assertThat(sessions.close(forever.id())).isTrue();
        assertThat(sessions.find(forever.id())).isNull();
        assertThat(sessions.find("made-up")).isNull();
    }
}
