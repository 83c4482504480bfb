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
import io.pulse.avro.events.TicketStatus;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * Validates a decoded Avro event against the rules of SPEC §2 and turns it into the measures it adds.
 * Blank optional ids count as absent; blank required ids, negative money, out-of-range scores, a foreign
 * currency and a ticket resolved before it was opened are rejected with a readable reason.
 */
public final class EventMapper {
    private final String currency;

    /** @param currency the configured ISO currency every money field must be in */
    public EventMapper(String currency) {
        this.currency = Objects.requireNonNull(currency, "currency");
    }

    public PulseEvent map(EventType type, SpecificRecord record, SourceRef source) throws InvalidEventException {
        if (!type.avroClass().isInstance(record)) {
            throw new InvalidEventException(
                    "expected a " + type.avroClass().getSimpleName() + " on the " + type.id() + " topic but got "
                            + (record == null ? "null" : record.getSchema().getFullName()));
        }
        return switch (type) {
            case IMPRESSION -> impression((ImpressionEvent) record, source);
            case CLICK -> click((ClickEvent) record, source);
            case SPEND -> spend((SpendEvent) record, source);
            case SESSION -> session((SessionEvent) record, source);
            case LEAD -> lead((LeadEvent) record, source);
            case ORDER -> order((OrderEvent) record, source);
            case REFUND -> refund((RefundEvent) record, source);
            case TICKET -> ticket((TicketEvent) record, source);
            case NPS -> nps((NpsEvent) record, source);
        };
    }

    private PulseEvent impression(ImpressionEvent e, SourceRef src) throws InvalidEventException {
        checkCommon(e.getEventId(), e.getOccurredAt(), e.getCurrency());
        MeasureVector.Builder m = MeasureVector.builder().add(Measure.IMPRESSIONS, 1);
        addMoney(m, Measure.SPEND, e.getCost(), "cost", false);
        return build(
                EventType.IMPRESSION,
                e.getEventId(),
                e.getOccurredAt(),
                required(e.getCampaignId(), "campaignId"),
                e.getChannel(),
                e.getEmployeeId(),
                null,
                m,
                src);
    }

    private PulseEvent click(ClickEvent e, SourceRef src) throws InvalidEventException {
        checkCommon(e.getEventId(), e.getOccurredAt(), e.getCurrency());
        MeasureVector.Builder m = MeasureVector.builder().add(Measure.CLICKS, 1);
        addMoney(m, Measure.SPEND, e.getCost(), "cost", false);
        return build(
                EventType.CLICK,
                e.getEventId(),
                e.getOccurredAt(),
                required(e.getCampaignId(), "campaignId"),
                e.getChannel(),
                e.getEmployeeId(),
                null,
                m,
                src);
    }

    private PulseEvent spend(SpendEvent e, SourceRef src) throws InvalidEventException {
        checkCommon(e.getEventId(), e.getOccurredAt(), e.getCurrency());
        MeasureVector.Builder m = MeasureVector.builder();
        addMoney(m, Measure.SPEND, e.getAmount(), "amount", true);
        return build(
                EventType.SPEND,
                e.getEventId(),
                e.getOccurredAt(),
                required(e.getCampaignId(), "campaignId"),
                e.getChannel(),
                e.getEmployeeId(),
                null,
                m,
                src);
    }

    private PulseEvent session(SessionEvent e, SourceRef src) throws InvalidEventException {
        checkCommon(e.getEventId(), e.getOccurredAt(), e.getCurrency());
        if (e.getPageviews() != null && e.getPageviews() < 0) {
            throw new InvalidEventException("pageviews is negative (" + e.getPageviews() + ")");
        }
        MeasureVector.Builder m = MeasureVector.builder().add(Measure.SESSIONS, 1);
        if (e.getBounced()) {
            m.add(Measure.BOUNCES, 1);
        }
        if (e.getConverted()) {
            m.add(Measure.CONVERSIONS, 1);
        }
        return build(
                EventType.SESSION,
                e.getEventId(),
                e.getOccurredAt(),
                e.getCampaignId(),
                e.getChannel(),
                e.getEmployeeId(),
                null,
                m,
                src);
    }

    private PulseEvent lead(LeadEvent e, SourceRef src) throws InvalidEventException {
        checkCommon(e.getEventId(), e.getOccurredAt(), e.getCurrency());
        MeasureVector.Builder m = MeasureVector.builder().add(Measure.LEADS, 1);
        if (e.getQualified()) {
            m.add(Measure.QUALIFIED_LEADS, 1);
        }
        return build(
                EventType.LEAD,
                e.getEventId(),
                e.getOccurredAt(),
                e.getCampaignId(),
                e.getChannel(),
                e.getEmployeeId(),
                null,
                m,
                src);
    }

    private PulseEvent order(OrderEvent e, SourceRef src) throws InvalidEventException {
        checkCommon(e.getEventId(), e.getOccurredAt(), e.getCurrency());
        String customer = required(e.getCustomerId(), "customerId");
        MeasureVector.Builder m = MeasureVector.builder().add(Measure.ORDERS, 1);
        addMoney(m, Measure.REVENUE, e.getRevenue(), "revenue", true);
        addMoney(m, Measure.COGS, e.getCost(), "cost", false);
        if (e.getNewCustomer()) {
            m.add(Measure.NEW_CUSTOMERS, 1);
        }
        return build(
                EventType.ORDER,
                e.getEventId(),
                e.getOccurredAt(),
                e.getCampaignId(),
                e.getChannel(),
                e.getEmployeeId(),
                customer,
                m,
                src);
    }

    private PulseEvent refund(RefundEvent e, SourceRef src) throws InvalidEventException {
        checkCommon(e.getEventId(), e.getOccurredAt(), e.getCurrency());
        BigDecimal amount = nonNegative(e.getAmount(), "amount", true);
        MeasureVector.Builder m =
                MeasureVector.builder().add(Measure.REFUNDS, 1).add(Measure.REVENUE, amount.negate());
        return build(
                EventType.REFUND,
                e.getEventId(),
                e.getOccurredAt(),
                e.getCampaignId(),
                e.getChannel(),
                e.getEmployeeId(),
                null,
                m,
                src);
    }

    private PulseEvent ticket(TicketEvent e, SourceRef src) throws InvalidEventException {
        checkCommon(e.getEventId(), e.getOccurredAt(), e.getCurrency());
        required(e.getTicketId(), "ticketId");
        if (e.getStatus() == null) {
            throw new InvalidEventException("missing required field 'status'");
        }
        MeasureVector.Builder m = MeasureVector.builder();
        if (e.getStatus() == TicketStatus.opened) {
            m.add(Measure.TICKETS_OPENED, 1);
        } else {
            m.add(Measure.TICKETS_RESOLVED, 1);
            if (Boolean.TRUE.equals(e.getFirstContact())) {
                m.add(Measure.FIRST_CONTACT_RESOLVED, 1);
            }
            if (e.getOpenedAt() != null) {
                if (e.getOpenedAt().isAfter(e.getOccurredAt())) {
                    throw new InvalidEventException("ticket " + e.getTicketId() + " resolved at " + e.getOccurredAt()
                            + " before it was opened at " + e.getOpenedAt());
                }
                m.add(
                        Measure.RESOLUTION_SECONDS,
                        e.getOccurredAt().getEpochSecond() - e.getOpenedAt().getEpochSecond());
            }
            if (e.getCsat() != null) {
                if (e.getCsat() < 1 || e.getCsat() > 5) {
                    throw new InvalidEventException("csat " + e.getCsat() + " is outside 1-5");
                }
                m.add(Measure.CSAT_SUM, e.getCsat()).add(Measure.CSAT_COUNT, 1);
            }
        }
        return build(
                EventType.TICKET,
                e.getEventId(),
                e.getOccurredAt(),
                e.getCampaignId(),
                e.getChannel(),
                e.getEmployeeId(),
                null,
                m,
                src);
    }

    private PulseEvent nps(NpsEvent e, SourceRef src) throws InvalidEventException {
        checkCommon(e.getEventId(), e.getOccurredAt(), e.getCurrency());
        int score = e.getScore();
        if (score < 0 || score > 10) {
            throw new InvalidEventException("score " + score + " is outside 0-10");
        }
        MeasureVector.Builder m = MeasureVector.builder().add(Measure.NPS_RESPONSES, 1);
        if (score >= 9) {
            m.add(Measure.PROMOTERS, 1);
        } else if (score <= 6) {
            m.add(Measure.DETRACTORS, 1);
        }
        return build(
                EventType.NPS,
                e.getEventId(),
                e.getOccurredAt(),
                e.getCampaignId(),
                e.getChannel(),
                e.getEmployeeId(),
                null,
                m,
                src);
    }

    private void checkCommon(String eventId, Instant occurredAt, String eventCurrency) throws InvalidEventException {
        required(eventId, "eventId");
        if (occurredAt == null) {
            throw new InvalidEventException("missing required field 'occurredAt'");
        }
        if (eventCurrency != null && !eventCurrency.equals(currency)) {
            throw new InvalidEventException(
                    "currency '" + eventCurrency + "' differs from the configured currency '" + currency + "'");
        }
    }

    private static String required(String value, String field) throws InvalidEventException {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("missing required field '" + field + "'");
        }
        return value;
    }

    private static BigDecimal nonNegative(BigDecimal amount, String field, boolean required)
            throws InvalidEventException {
        if (amount == null) {
            if (required) {
                throw new InvalidEventException("missing required field '" + field + "'");
            }
            return null;
        }
        if (amount.signum() < 0) {
            throw new InvalidEventException(field + " is negative (" + amount.toPlainString() + ")");
        }
        return amount;
    }

    private static void addMoney(
            MeasureVector.Builder m, Measure measure, BigDecimal amount, String field, boolean required)
            throws InvalidEventException {
        BigDecimal v = nonNegative(amount, field, required);
        if (v != null) {
            m.add(measure, v);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static PulseEvent build(
            EventType type,
            String eventId,
            Instant occurredAt,
            String campaignId,
            String channel,
            String employeeId,
            String customerId,
            MeasureVector.Builder measures,
            SourceRef src) {
        return new PulseEvent(
                type,
                eventId,
                occurredAt.toEpochMilli(),
                blankToNull(campaignId),
                blankToNull(channel),
                blankToNull(employeeId),
                customerId,
                measures.build(),
                src);
    }
}
