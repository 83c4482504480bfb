package io.pulse.dev.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link Demo#close()} must do (Ctrl-C runs it): stop the parts in the reverse order of their start, each within
 * its time limit, go on past a part that overruns or fails, say so in one final line, and only once.
 */
class DemoStopTest {
    private static final Duration AMPLE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final StringWriter text = new StringWriter();
    private final List<String> stopped = new CopyOnWriteArrayList<>();

    private Demo demo() {
        return demo(null);
    }

    private Demo demo(Path data) {
        return new Demo(new DemoOptions(0, 0, 0, data, 0, null, 1), Map.of(), ZoneOffset.UTC, new PrintWriter(text));
    }

    /** A part that records its stop. */
    private AutoCloseable part(String name) {
        return () -> stopped.add(name);
    }

    @Test
    void shouldStopThePartsInTheReverseOrderOfTheirStartAndSaySoOnce() {
        // Given: the parts as start() starts them
        Demo demo = demo();
        for (String name : List.of("Kafka broker", "schema registry", "service", "simulator")) {
            demo.started(name, AMPLE, part(name));
        }

        // When: closed twice, as the shutdown hook and the command both close it
        demo.close();
        demo.close();

        // Then: the simulator stops sending before the service stops, the broker goes last, each once
        assertThat(stopped).containsExactly("simulator", "service", "schema registry", "Kafka broker");
        assertThat(text.toString().lines()).singleElement().asString().matches("Pulse demo stopped in \\d+\\.\\d s\\.");
    }

    @Test
    void shouldGoOnWithoutAPartThatDoesNotStopInTime() {
        // Given: a service whose stop never returns on its own, started after the broker
        CountDownLatch never = new CountDownLatch(1);
        Demo demo = demo();
        demo.started("Kafka broker", AMPLE, part("Kafka broker"));
        demo.started("service", Duration.ofMillis(200), () -> never.await(1, TimeUnit.HOURS));

        // When
        long begin = System.nanoTime();
        demo.close();

        // Then: the stop waited for the service only its limit, still stopped the broker, and names the service
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
        assertThat(stopped).containsExactly("Kafka broker");
        assertThat(text.toString().lines())
                .singleElement()
                .asString()
                .matches("Pulse demo stopped in \\d+\\.\\d s, but service did not stop in time\\.");
        never.countDown();
    }

    @Test
    void shouldCountAPartThatFailsToStopAsStoppedAndGoOn() {
        // Given: a simulator whose stop throws
        Demo demo = demo();
        demo.started("service", AMPLE, part("service"));
        demo.started("simulator", AMPLE, () -> {
            stopped.add("simulator");
            throw new IllegalStateException("boom");
        });

        // When
        long begin = System.nanoTime();
        demo.close();

        // Then: the failure does not hold the stop for the part's limit, and the service is stopped after it
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
        assertThat(stopped).containsExactly("simulator", "service");
        assertThat(text.toString().lines()).singleElement().asString().matches("Pulse demo stopped in \\d+\\.\\d s\\.");
    }

    @Test
    void shouldStopWhatStartedWhenAStepFailsAndKeepTheDataFolder() throws Exception {
        // Given: a data folder in which the broker cannot make its own
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("kafka"), "not a folder");
        Demo demo = demo(data);

        // When
        assertThatThrownBy(demo::start).hasMessageStartingWith("cannot start the Kafka broker: ");
        demo.close();

        // Then: the start stopped what it had started, once, and left the given folder where it was
        assertThat(text.toString().lines())
                .singleElement()
                .asString()
                .matches("Pulse demo stopped in \\d+\\.\\d s; " + "data kept in "
                        + Pattern.quote(data.toAbsolutePath().toString()) + "\\.");
        assertThat(data.resolve("kafka")).hasContent("not a folder");
    }

    @Test
    void shouldStopQuietlyWhenNothingStartedAndNotStartAfterwards() {
        // Given: a demo stopped before its start got to anything, as Ctrl-C right after `pulse demo` does
        Demo demo = demo();

        // When
        demo.close();
        demo.close();

        // Then: there was nothing to stop and nothing is said; the start gives up at its first step
        assertThat(text.toString()).isEmpty();
        assertThatThrownBy(demo::start)
                .hasMessage("the demo was stopped while it started (before: read the configuration)");
        assertThat(text.toString()).isEmpty();
        assertThat(stopped).isEmpty();
    }
}
