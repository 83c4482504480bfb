package io.pulse.streams.state;

import java.util.Iterator;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;

/**
 * Keys of the validated directory (topic {@code directory.valid} and its global table): an assignment that applies
 * from when it is read is keyed by the employee; one with a {@code validFrom} by {@code employee@<millis>}, the
 * millis zero-padded to 19 digits so a range of keys is a range of times. The team of an employee at an event
 * time is the latest dated assignment at or before it, else the undated one.
 */
public final class DirectoryKeys {
    private static final String SEPARATOR = "@";

    private DirectoryKeys() {}

    public static String undated(String employee) {
        return employee;
    }

    public static String dated(String employee, long validFromMillis) {
        String millis = Long.toString(Math.max(0, validFromMillis));
        StringBuilder key =
                new StringBuilder(employee.length() + 1 + 19).append(employee).append(SEPARATOR);
        for (int i = millis.length(); i < 19; i++) {
            key.append('0'); // zero-padded to 19 digits (Long.MAX_VALUE has 19), so key order is time order
        }
        return key.append(millis).toString();
    }

    /** The {@code validFrom} millis of a key made by {@link #dated}. */
    public static long validFromOf(String datedKey) {
        return Long.parseLong(datedKey.substring(datedKey.lastIndexOf(SEPARATOR) + 1));
    }

    /**
     * The entry that applies to {@code employee} at {@code at}.
     *
     * @param get   the store's point lookup
     * @param range the store's inclusive range scan
     */
    public static <V> V entryAt(
            String employee,
            long at,
            Function<String, V> get,
            BiFunction<String, String, Iterator<KeyValue<String, V>>> range) {
        V latest = null;
        Iterator<KeyValue<String, V>> it = range.apply(dated(employee, 0), dated(employee, at));
        while (it.hasNext()) {
            KeyValue<String, V> kv = it.next();
            if (kv.value != null) {
                latest = kv.value;
            }
        }
        if (it instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close a directory range", e);
            }
        }
        return latest != null ? latest : get.apply(undated(employee));
    }
}
