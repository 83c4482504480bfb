package io.pulse.dev.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the registry's changes in this JVM only; a new server on the same instance keeps its ids. */
public final class InMemorySchemaStore implements SchemaStore {

    private final List<StoreRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public List<StoreRecord> load() {
        return List.copyOf(records);
    }

    @Override
    public void append(StoreRecord record) {
        records.add(record);
    }

    @Override
    public String describe() {
        return "in memory";
    }
}
