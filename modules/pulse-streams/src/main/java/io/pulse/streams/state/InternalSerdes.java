package io.pulse.streams.state;

import io.pulse.avro.outputs.Scorecard;
import io.pulse.core.Scope;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.core.plan.Plan;
import io.pulse.streams.event.EventType;
import io.pulse.streams.event.PulseEvent;
import io.pulse.streams.event.SourceRef;
import io.pulse.streams.plan.PlanAvro;
import io.pulse.streams.time.Mark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;

/**
 * Serdes of Pulse's internal records: the values of every state store, changelog and repartition topic. Each
 * value starts with a version byte, so a later layout reads this one beside its own. A format written before it
 * had one (layout 1, recognized by its shape) is still read, and its version byte is 2. Keys carry no version
 * byte: their byte order is their meaning, and a new key layout is a new store.
 */
public final class InternalSerdes {
    private static final int VERSION = 1;
    /** The layout of the formats that had no version byte before (or, for plan updates, one holding Avro bytes). */
    private static final int VERSION_2 = 2;

    private static final EventType[] TYPES = EventType.values();
    private static final Scope[] SCOPES = Scope.values();
    private static final int LONG_BYTES = Long.BYTES;
    /**
     * The fingerprint (CRC-64-AVRO of the parsing canonical form) of the scorecard schema that layout 2 of the
     * scorecards store is written with: a change of {@code Scorecard.avsc} needs a new layout and a reader of this
     * one, which a test enforces.
     */
    public static final long SCORECARD_SCHEMA_FINGERPRINT = 5701902420257008114L;
    /** With the generated class's own model, which knows its decimal conversion. */
    private static final DatumWriter<Scorecard> SCORECARD_WRITER =
            new SpecificDatumWriter<>(Scorecard.getClassSchema(), SpecificData.getForClass(Scorecard.class));

    private static final DatumReader<Scorecard> SCORECARD_READER = new SpecificDatumReader<>(
            Scorecard.getClassSchema(), Scorecard.getClassSchema(), SpecificData.getForClass(Scorecard.class));

    private InternalSerdes() {}

    public static Serde<MeasureVector> measures() {
        return serde(MeasureCodec::write, MeasureCodec::read);
    }

    /** Values of the contributions topic: deltas, watermark ticks (plan updates travel on their own topic). */
    public static Serde<ScopeInput> scopeInputs() {
        return serde(InternalSerdes::writeScopeInput, InternalSerdes::readScopeInput);
    }

    /** Values of the by-eventId topic. */
    public static Serde<Routed> routed() {
        return serde(
                (w, v) -> {
                    if (v instanceof Routed.Tick t) {
                        writeMark(w.byte1(1), t.mark());
                    } else {
                        writeEvent(w.byte1(0), ((Routed.Event) v).event());
                    }
                },
                r -> r.byte1() == 1 ? new Routed.Tick(readMark(r)) : new Routed.Event(readEvent(r)));
    }

    /** Values of the reading task's fold buffer. */
    public static Serde<Folded> folded() {
        return serde(
                (w, f) -> {
                    w.varint(f.latest());
                    MeasureCodec.write(w, f.measures());
                    writeStrings(w, f.customers());
                },
                r -> new Folded(r.varint(), MeasureCodec.read(r), readStrings(r)));
    }

    /** Values of the watermark store: one mark per key. */
    public static Serde<Mark> marks() {
        return serde(InternalSerdes::writeMark, InternalSerdes::readMark);
    }

    /** Key of the fold buffer: scope, id, bucket and closed kinds, so one entry becomes one delta. */
    public static Bytes foldKey(Scope scope, String id, long bucket, int closedKinds) {
        return Bytes.wrap(new Bin.Writer(20 + id.length())
                .byte1(scope.ordinal())
                .string(id)
                .orderedLong(bucket)
                .byte1(closedKinds)
                .toByteArray());
    }

    /** The delta a fold buffer entry stands for. */
    public static ScopeDelta delta(Bytes foldKey, Folded f) {
        Bin.Reader r = new Bin.Reader(foldKey.get());
        Scope scope = SCOPES[r.byte1()];
        String id = r.string();
        long bucket = r.orderedLong();
        int closed = r.byte1();
        return new ScopeDelta(scope, id, bucket, closed, f.latest(), f.measures(), f.customers());
    }

    private static void writeMark(Bin.Writer w, Mark m) {
        w.varint(m.source()).varint(m.watermark()).varint(m.horizon());
    }

    private static Mark readMark(Bin.Reader r) {
        return new Mark((int) r.varint(), r.varint(), r.varint());
    }

    private static void writeStrings(Bin.Writer w, List<String> list) {
        w.uvarint(list.size());
        for (String s : list) {
            w.string(s);
        }
    }

    private static List<String> readStrings(Bin.Reader r) {
        int n = (int) r.uvarint();
        if (n == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.string());
        }
        return out;
    }

    private static void writeScopeInput(Bin.Writer w, ScopeInput in) {
        if (in instanceof ScopeInput.Tick t) {
            writeMark(w.byte1(1), t.mark());
        } else if (in instanceof ScopeInput.Delta d) {
            ScopeDelta x = d.delta();
            w.byte1(0)
                    .byte1(x.scope().ordinal())
                    .string(x.id())
                    .varint(x.bucket())
                    .byte1(x.closedKinds())
                    .varint(x.latest());
            MeasureCodec.write(w, x.measures());
            writeStrings(w, x.newCustomers());
        } else {
            throw new IllegalArgumentException("plan updates travel on their own topic");
        }
    }

    private static ScopeInput readScopeInput(Bin.Reader r) {
        if (r.byte1() == 1) {
            return new ScopeInput.Tick(readMark(r));
        }
        return new ScopeInput.Delta(new ScopeDelta(
                SCOPES[r.byte1()],
                r.string(),
                r.varint(),
                r.byte1(),
                r.varint(),
                MeasureCodec.read(r),
                readStrings(r)));
    }

    /**
     * Values of the plans-by-scope topic: the plan key, then the core plan or nothing for a deletion. Layout 1 held
     * the plan in Avro's single-object encoding.
     */
    public static Serde<ScopeInput.PlanUpdate> planUpdates() {
        return serde(
                VERSION_2,
                (w, u) -> {
                    w.string(u.planKey());
                    if (u.plan() == null) {
                        w.byte1(0);
                    } else {
                        PlanCodec.write(w.byte1(1), u.plan());
                    }
                },
                r -> new ScopeInput.PlanUpdate(r.string(), r.byte1() == 0 ? null : PlanCodec.read(r)),
                bytes -> bytes[0] == VERSION,
                bytes -> {
                    Bin.Reader r = new Bin.Reader(bytes, 1);
                    String key = r.string();
                    byte[] plan = r.bytes();
                    return new ScopeInput.PlanUpdate(key, r.byte1() == 0 ? null : PlanAvro.fromSingleObject(plan));
                });
    }

    /** Values of the plans store: validated core plans. Layout 1 was Avro's single-object encoding of the Avro plan. */
    public static Serde<Plan> plans() {
        return serde(
                VERSION_2, PlanCodec::write, PlanCodec::read, InternalSerdes::singleObject, PlanAvro::fromSingleObject);
    }

    /**
     * Values of the scorecards store: the Avro binary body of the scorecard as published (the pinned schema of this
     * layout, {@link #SCORECARD_SCHEMA_FINGERPRINT}). Layout 1 was Avro's single-object encoding of it.
     */
    public static Serde<Scorecard> scorecards() {
        return serde(
                VERSION_2,
                (w, card) -> w.raw(avroBody(card)),
                r -> {
                    try {
                        return SCORECARD_READER.read(null, DecoderFactory.get().binaryDecoder(r.rest(), null));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                InternalSerdes::singleObject,
                bytes -> {
                    try {
                        return Scorecard.getDecoder().decode(bytes);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static byte[] avroBody(Scorecard card) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            SCORECARD_WRITER.write(card, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Avro's single-object encoding starts with the marker C3 01. */
    private static boolean singleObject(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == (byte) 0xC3 && bytes[1] == 0x01;
    }

    /**
     * Values of the validated directory (topic and global table): the employee, the team and when the assignment
     * applies from. Layout 1 was the Avro record in the registry's wire format (magic byte 0), which only the
     * registry's {@code deserializer} can read.
     */
    public static Serde<DirectoryEntry> directory(Function<byte[], DirectoryEntry> wireFormat) {
        return serde(
                VERSION_2,
                (w, e) -> {
                    w.string(e.employee()).string(e.team());
                    if (e.validFrom() == null) {
                        w.byte1(0);
                    } else {
                        w.byte1(1)
                                .varint(e.validFrom().getEpochSecond())
                                .uvarint(e.validFrom().getNano());
                    }
                },
                r -> new DirectoryEntry(
                        r.string(), r.string(), r.byte1() == 0 ? null : Instant.ofEpochSecond(r.varint(), r.uvarint())),
                bytes -> bytes[0] == 0,
                wireFormat);
    }

    /**
     * Long values (dedupe times, open plan periods, alert crossings): eight bytes big-endian. Layout 1 was the same
     * eight bytes without a version byte.
     */
    public static Serde<Long> longs() {
        return serde(
                VERSION_2,
                (w, v) -> w.fixedLong(v),
                Bin.Reader::fixedLong,
                bytes -> bytes.length == LONG_BYTES,
                bytes -> new Bin.Reader(bytes).fixedLong());
    }

    /**
     * Values of the close index and the customers store: a marker of a few bytes, kept as it is. Layout 1 was the
     * marker without a version byte (empty, or one byte 1).
     */
    public static Serde<byte[]> markers() {
        return serde(
                VERSION_2,
                Bin.Writer::raw,
                Bin.Reader::rest,
                bytes -> bytes.length == 0 || bytes.length == 1 && bytes[0] == 1,
                bytes -> bytes);
    }

    private static void writeSource(Bin.Writer w, SourceRef s) {
        w.string(s.topic()).varint(s.partition()).varint(s.offset());
    }

    private static SourceRef readSource(Bin.Reader r) {
        return new SourceRef(r.string(), (int) r.varint(), r.varint());
    }

    private static void writeEvent(Bin.Writer w, PulseEvent e) {
        w.byte1(e.type().ordinal())
                .string(e.eventId())
                .varint(e.occurredAt())
                .nullableString(e.campaignId())
                .nullableString(e.channel())
                .nullableString(e.employeeId())
                .nullableString(e.customerId());
        MeasureCodec.write(w, e.measures());
        writeSource(w, e.source());
    }

    private static PulseEvent readEvent(Bin.Reader r) {
        return new PulseEvent(
                TYPES[r.byte1()],
                r.string(),
                r.varint(),
                r.nullableString(),
                r.nullableString(),
                r.nullableString(),
                r.nullableString(),
                MeasureCodec.read(r),
                readSource(r));
    }

    private static <T> Serde<T> serde(BiConsumer<Bin.Writer, T> write, Function<Bin.Reader, T> read) {
        return serde(VERSION, write, read, bytes -> false, null);
    }

    /**
     * A format whose current layout starts with {@code version}; {@code isEarlier} recognizes the whole record of an
     * earlier layout (version byte included, never empty unless the layout allows it), which {@code readEarlier}
     * reads.
     */
    private static <T> Serde<T> serde(
            int version,
            BiConsumer<Bin.Writer, T> write,
            Function<Bin.Reader, T> read,
            Predicate<byte[]> isEarlier,
            Function<byte[], T> readEarlier) {
        Serializer<T> ser = (topic, value) -> {
            if (value == null) {
                return null;
            }
            Bin.Writer w = new Bin.Writer(64).byte1(version);
            write.accept(w, value);
            return w.toByteArray();
        };
        Deserializer<T> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            boolean earlier = isEarlier.test(bytes);
            if (!earlier && (bytes.length == 0 || bytes[0] != version)) {
                throw new SerializationException("unknown internal record version "
                        + (bytes.length == 0 ? "(empty)" : bytes[0]) + " on " + topic);
            }
            try {
                return earlier ? readEarlier.apply(bytes) : read.apply(new Bin.Reader(bytes, 1));
            } catch (RuntimeException e) {
                throw new SerializationException("corrupt internal record on " + topic, e);
            }
        };
        return Serdes.serdeFrom(ser, de);
    }
}
