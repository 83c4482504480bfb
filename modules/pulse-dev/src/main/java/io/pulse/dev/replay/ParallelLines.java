package io.pulse.dev.replay;

import io.pulse.io.events.InputEvent;
import io.pulse.io.json.EventJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a JSON-lines file of events with the parsing spread over worker threads, a chunk of lines each, and hands
 * the results on in the file's order, on the calling thread. Parsing and encoding an event costs more than sending
 * it, so a replay writes its input about as fast as the workers go, while the order of every partition stays the
 * file's. Only a bounded number of chunks is in flight: the file is never held whole.
 */
final class ParallelLines {
    /** Lines per chunk: large enough to make a task worth its hand-over, small enough to keep the workers even. */
    static final int CHUNK = 1_000;

    /** What a worker made of one line: the prepared event, or why the line is not one. */
    private record Item<R>(R prepared, EventJson.BadLine bad) {}

    private ParallelLines() {}

    /**
     * Parses every line of {@code reader} and prepares each event on {@code workers} threads; gives every prepared
     * event to {@code sink} and every bad line to {@code bad}, in the file's order, on this thread. Blank lines are
     * skipped, as {@link EventJson#readLines} does. Returns how many events there were.
     *
     * @param prepare turns an event into what {@code sink} takes (such as a serialized record); thread-safe
     */
    static <R> long read(
            BufferedReader reader,
            int workers,
            Function<InputEvent, R> prepare,
            Consumer<R> sink,
            Consumer<EventJson.BadLine> bad)
            throws IOException, InterruptedException {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "pulse-replay-parse-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Deque<Future<List<Item<R>>>> inFlight = new ArrayDeque<>();
        long count = 0;
        try {
            long number = 0;
            List<String> chunk = new ArrayList<>(CHUNK);
            String line;
            while ((line = reader.readLine()) != null) {
                chunk.add(line);
                if (chunk.size() == CHUNK) {
                    inFlight.add(submit(pool, chunk, number + 1, prepare));
                    number += chunk.size();
                    chunk = new ArrayList<>(CHUNK);
                    // Two chunks per worker keep every worker busy while this thread sends the oldest one.
                    while (inFlight.size() > 2 * workers) {
                        count += deliver(inFlight.removeFirst(), sink, bad);
                    }
                }
            }
            if (!chunk.isEmpty()) {
                inFlight.add(submit(pool, chunk, number + 1, prepare));
            }
            while (!inFlight.isEmpty()) {
                count += deliver(inFlight.removeFirst(), sink, bad);
            }
            return count;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> Future<List<Item<R>>> submit(
            ExecutorService pool, List<String> lines, long firstNumber, Function<InputEvent, R> prepare) {
        return pool.submit(() -> {
            List<Item<R>> items = new ArrayList<>(lines.size());
            long number = firstNumber;
            for (String line : lines) {
                InputEvent event = EventJson.parseLine(number++, line, b -> items.add(new Item<>(null, b)));
                if (event != null) {
                    items.add(new Item<>(prepare.apply(event), null));
                }
            }
            return items;
        });
    }

    private static <R> long deliver(Future<List<Item<R>>> chunk, Consumer<R> sink, Consumer<EventJson.BadLine> bad)
            throws InterruptedException {
        List<Item<R>> items;
        try {
            items = chunk.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
        long events = 0;
        for (Item<R> item : items) {
            if (item.bad() != null) {
                bad.accept(item.bad());
            } else {
                sink.accept(item.prepared());
                events++;
            }
        }
        return events;
    }
}
