package io.pulse.dev.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DemoStopTest {
    @Test
    void shouldGoOnWithoutAPartThatDoesNotStopInTime() {
        // Given: a part whose close never returns on its own
        CountDownLatch never = new CountDownLatch(1);
        AutoCloseable stuck = () -> never.await(1, TimeUnit.HOURS);
        List<String> late = new ArrayList<>();

        // When
        long begin = System.nanoTime();
        Demo.stop("stuck part", Duration.ofMillis(200), stuck, late);

        // Then: the stop returned after the limit and names the part
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
        assertThat(late).containsExactly("stuck part");
        never.countDown();
    }

    @Test
    void shouldCountAPartThatFailsToStopAsStopped() {
        List<String> late = new ArrayList<>();

        Demo.stop("failing part", Duration.ofSeconds(5), () -> {
            throw new IllegalStateException("boom");
        }, late);

        assertThat(late).isEmpty();
    }

    @Test
    void shouldStopQuietlyWhenNothingStarted() {
        // Given: a demo that never started
        StringWriter text = new StringWriter();
        Demo demo = new Demo(new DemoOptions(0, 0, 0, null, 1, null, 1), Map.of(), new PrintWriter(text));

        // When: it is closed twice
        demo.close();
        demo.close();

        // Then: there was nothing to stop, so nothing to say
        assertThat(text.toString()).isEmpty();
    }
}
