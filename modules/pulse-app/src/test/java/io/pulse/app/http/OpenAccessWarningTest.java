package io.pulse.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pulse.app.access.ApiAccess;
import io.pulse.app.access.TeamDirectory;
import io.pulse.app.config.AuthSection;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.Topics;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code auth.mode: none} is allowed, and said out loud at every start; a configured mode is not warned about. */
class OpenAccessWarningTest {
    private final PulseStreamsConfig config = PulseStreamsConfig.builder().build();
    private final Topics topics = new Topics("pulse.", RegistryAvroSerdes.inMemory("open-access-test"));

    @Test
    void shouldWarnAtEveryStartWhenAccessIsOpen() {
        Logger logger = (Logger) LoggerFactory.getLogger(HttpApi.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            for (int i = 0; i < 2; i++) {
                new HttpApi(HttpApiSettings.localhost(0), ApiAccess.open(), config, topics, null)
                        .start()
                        .close();
            }
            ApiAccess tokens = ApiAccess.from(
                    new AuthSection(
                            AuthSection.Mode.TOKENS,
                            List.of(new AuthSection.StaticToken(
                                    "ops",
                                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                                    "admin",
                                    null)),
                            null,
                            null,
                            false,
                            AuthSection.DEFAULT_SESSION_TTL),
                    null,
                    TeamDirectory.EMPTY,
                    Clock.systemUTC());
            new HttpApi(HttpApiSettings.localhost(0), tokens, config, topics, null)
                    .start()
                    .close();

            assertThat(log.list)
                    .filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .hasSize(2)
                    .allMatch(m -> m.startsWith("auth.mode is none: anyone who reaches localhost:"));
        } finally {
            logger.detachAppender(log);
        }
    }
}
