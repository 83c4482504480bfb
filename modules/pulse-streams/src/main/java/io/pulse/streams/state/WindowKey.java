package io.pulse.streams.state;

import io.pulse.core.Scope;
import io.pulse.core.period.PeriodKind;
import org.apache.kafka.common.utils.Bytes;

/**
 * Identity of one calendar aggregate: scope, scope id, period kind and period start (epoch millis). Its byte
 * form sorts by scope, id, kind and then start, so the history of one scope and kind is a single range scan.
 */
public record WindowKey(Scope scope, String id, PeriodKind kind, long start) {
    private static final Scope[] SCOPES = Scope.values();
    private static final PeriodKind[] KINDS = PeriodKind.values();

    public Bytes toBytes() {
        return Bytes.wrap(write(new Bin.Writer(24 + id.length())).toByteArray());
    }

    Bin.Writer write(Bin.Writer w) {
        return prefix(w, scope, id).byte1(kind.ordinal()).orderedLong(start);
    }

    private static Bin.Writer prefix(Bin.Writer w, Scope scope, String id) {
        return w.byte1(scope.ordinal()).string(id);
    }

    /** The prefix every key of one scope shares. */
    public static Bytes scopePrefix(Scope scope) {
        return Bytes.wrap(new Bin.Writer(1).byte1(scope.ordinal()).toByteArray());
    }

    /** Smallest and largest keys of one scope, id and kind between two starts (inclusive). */
    public static Bytes[] range(Scope scope, String id, PeriodKind kind, long fromStart, long toStart) {
        return new Bytes[] {
            new WindowKey(scope, id, kind, fromStart).toBytes(), new WindowKey(scope, id, kind, toStart).toBytes()
        };
    }

    public static WindowKey fromBytes(byte[] b) {
        return read(new Bin.Reader(b));
    }

    static WindowKey read(Bin.Reader r) {
        Scope scope = SCOPES[r.byte1()];
        String id = r.string();
        PeriodKind kind = KINDS[r.byte1()];
        long start = r.orderedLong();
        return new WindowKey(scope, id, kind, start);
    }

    /** Key of the close index: the time a window closes first, so that due windows form a prefix. */
    public Bytes closeIndexKey(long closeAt) {
        return Bytes.wrap(
                write(new Bin.Writer(32 + id.length()).orderedLong(closeAt)).toByteArray());
    }

    /**
     * The bare time prefix of the close index keys at {@code closeAt}: it sorts after every key of a window closing
     * earlier and before every key closing at {@code closeAt} or later, the upper bound of a scan of what is due.
     */
    public static Bytes closeIndexBound(long closeAt) {
        return Bytes.wrap(new Bin.Writer(8).orderedLong(closeAt).toByteArray());
    }

    public static WindowKey fromCloseIndexKey(byte[] indexKey) {
        Bin.Reader r = new Bin.Reader(indexKey);
        r.orderedLong();
        return read(r);
    }

    /** Key of a distinct customer within this window. */
    public Bytes customerKey(String customerId) {
        return Bytes.wrap(write(new Bin.Writer(32 + id.length() + customerId.length()))
                .string(customerId)
                .toByteArray());
    }

    /** The scope key used to partition contributions: {@code scope|id}. */
    public String scopeKey() {
        return scope.id() + '|' + id;
    }
}
