package io.pulse.streams.state;

import io.pulse.core.measure.MeasureVector;
import io.pulse.streams.event.EventType;
import io.pulse.streams.event.PulseEvent;
import io.pulse.streams.event.SourceRef;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serdes of Pulse's internal records (repartition topics and state stores). Each format starts with a
 * version byte so a future layout can be read beside this one.
 */
public final class InternalSerdes {
    private static final int VERSION = 1;
    private static final EventType[] TYPES = EventType.values();

    private InternalSerdes() {
    }

    public static Serde<MeasureVector> measures() {
        return serde(MeasureCodec::write, MeasureCodec::read);
    }

    public static Serde<PulseEvent> events() {
        return serde(InternalSerdes::writeEvent, InternalSerdes::readEvent);
    }

    public static Serde<Contribution> contributions() {
        return serde(InternalSerdes::writeContribution, InternalSerdes::readContribution);
    }

    public static Serde<ScopeInput.PlanUpdate> planUpdates() {
        return serde((w, u) -> w.string(u.planKey()).bytes(u.plan() == null ? new byte[0] : u.plan()).byte1(u.plan() == null ? 0 : 1),
                r -> {
                    String key = r.string();
                    byte[] plan = r.bytes();
                    return new ScopeInput.PlanUpdate(key, r.byte1() == 0 ? null : plan);
                });
    }

    private static void writeSource(Bin.Writer w, SourceRef s) {
        w.string(s.topic()).varint(s.partition()).varint(s.offset());
    }

    private static SourceRef readSource(Bin.Reader r) {
        return new SourceRef(r.string(), (int) r.varint(), r.varint());
    }

    private static void writeEvent(Bin.Writer w, PulseEvent e) {
        w.byte1(e.type().ordinal()).string(e.eventId()).varint(e.occurredAt())
                .nullableString(e.campaignId()).nullableString(e.channel()).nullableString(e.employeeId())
                .nullableString(e.customerId());
        MeasureCodec.write(w, e.measures());
        writeSource(w, e.source());
    }

    private static PulseEvent readEvent(Bin.Reader r) {
        return new PulseEvent(TYPES[r.byte1()], r.string(), r.varint(), r.nullableString(), r.nullableString(),
                r.nullableString(), r.nullableString(), MeasureCodec.read(r), readSource(r));
    }

    private static void writeContribution(Bin.Writer w, Contribution c) {
        if (c.watermark()) {
            w.byte1(0xFF).varint(c.occurredAt()).varint(c.lastEventTime());
            return;
        }
        w.byte1(c.type().ordinal()).varint(c.occurredAt()).string(c.eventId()).nullableString(c.customerId());
        MeasureCodec.write(w, c.measures());
        writeSource(w, c.source());
    }

    private static Contribution readContribution(Bin.Reader r) {
        int type = r.byte1();
        if (type == 0xFF) {
            return Contribution.watermark(r.varint(), r.varint());
        }
        return Contribution.of(r.varint(), TYPES[type], r.string(), r.nullableString(), MeasureCodec.read(r),
                readSource(r));
    }

    private static <T> Serde<T> serde(BiConsumer<Bin.Writer, T> write, Function<Bin.Reader, T> read) {
        Serializer<T> ser = (topic, value) -> {
            if (value == null) {
                return null;
            }
            Bin.Writer w = new Bin.Writer(64).byte1(VERSION);
            write.accept(w, value);
            return w.toByteArray();
        };
        Deserializer<T> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length == 0 || bytes[0] != VERSION) {
                throw new SerializationException("unknown internal record version "
                        + (bytes.length == 0 ? "(empty)" : bytes[0]) + " on " + topic);
            }
            try {
                return read.apply(new Bin.Reader(bytes, 1));
            } catch (RuntimeException e) {
                throw new SerializationException("corrupt internal record on " + topic, e);
            }
        };
        return Serdes.serdeFrom(ser, de);
    }
}
