package io.pulse.app.cli;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;

/** Counts a batch's failed sends, to fail the command with the first reason (pulse-dev's {@code simulate} too). */
public final class Publishing {
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Throwable> first = new AtomicReference<>();

    public Callback callback() {
        return (metadata, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                first.compareAndSet(null, error);
            }
        };
    }

    /** Throws when any send failed. */
    public void check(String what) {
        if (failed.get() > 0) {
            throw new IllegalStateException(
                    failed.get() + " " + what + " could not be sent: " + CliErrors.describe(first.get()), first.get());
        }
    }
}
