package io.pulse.streams.event;

import io.pulse.avro.events.ClickEvent;
import io.pulse.avro.events.ImpressionEvent;
import io.pulse.avro.events.LeadEvent;
import io.pulse.avro.events.NpsEvent;
import io.pulse.avro.events.OrderEvent;
import io.pulse.avro.events.RefundEvent;
import io.pulse.avro.events.SessionEvent;
import io.pulse.avro.events.SpendEvent;
import io.pulse.avro.events.TicketEvent;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;

/** The input event types of SPEC §2, each with its topic suffix and Avro class. */
public enum EventType {
    IMPRESSION(ImpressionEvent.class),
    CLICK(ClickEvent.class),
    SPEND(SpendEvent.class),
    SESSION(SessionEvent.class),
    LEAD(LeadEvent.class),
    ORDER(OrderEvent.class),
    REFUND(RefundEvent.class),
    TICKET(TicketEvent.class),
    NPS(NpsEvent.class);

    private static final EventType[] VALUES = values();

    private final Class<? extends SpecificRecord> avroClass;

    EventType(Class<? extends SpecificRecord> avroClass) {
        this.avroClass = avroClass;
    }

    /** The {@code type} of the JSON-lines form and the topic suffix: {@code impression}, {@code order}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Class<? extends SpecificRecord> avroClass() {
        return avroClass;
    }

    public static EventType parse(String id) {
        for (EventType t : VALUES) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown event type '" + id
                + "': expected impression, click, spend, session, lead, order, refund, ticket or nps");
    }

    static EventType at(int ordinal) {
        return VALUES[ordinal];
    }
}
