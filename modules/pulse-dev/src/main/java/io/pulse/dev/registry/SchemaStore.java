package io.pulse.dev.registry;

import java.util.List;

/**
 * Where the development registry keeps its changes: an append-only log it replays on start, so
 * schema ids stay what they were. Implementations are used by one registry at a time.
 */
public interface SchemaStore extends AutoCloseable {

    /** Everything appended so far, oldest first (a compacted store may drop superseded records). */
    List<StoreRecord> load();

    /** Appends a change; it is durable when this returns. */
    void append(StoreRecord record);

    /** A short description for the startup log. */
    String describe();

    @Override
    default void close() {}
}
