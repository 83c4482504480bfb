package io.pulse.streams;

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
import java.math.BigDecimal;
import java.time.Instant;

/** Builders of input events for topology tests: money at the schema's scale, ids as given. */
final class Events {
    private Events() {}

    static BigDecimal money(String amount) {
        return new BigDecimal(amount).setScale(4);
    }

    static ImpressionEvent impression(String id, Instant at, String campaign, String cost) {
        return ImpressionEvent.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setCampaignId(campaign)
                .setChannel("search")
                .setCost(cost == null ? null : money(cost))
                .build();
    }

    static ClickEvent click(String id, Instant at, String campaign, String cost) {
        return ClickEvent.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setCampaignId(campaign)
                .setChannel("search")
                .setCost(cost == null ? null : money(cost))
                .build();
    }

    static SpendEvent spend(String id, Instant at, String campaign, String amount) {
        return SpendEvent.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setCampaignId(campaign)
                .setAmount(money(amount))
                .build();
    }

    static SessionEvent session(String id, Instant at, String campaign, boolean bounced, boolean converted) {
        return SessionEvent.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setCampaignId(campaign)
                .setBounced(bounced)
                .setConverted(converted)
                .build();
    }

    static LeadEvent lead(String id, Instant at, String campaign, String employee, boolean qualified) {
        return LeadEvent.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setCampaignId(campaign)
                .setEmployeeId(employee)
                .setQualified(qualified)
                .build();
    }

    static OrderEvent order(
            String id, Instant at, String employee, String customer, String revenue, String cost, boolean newCustomer) {
        return OrderEvent.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setEmployeeId(employee)
                .setCustomerId(customer)
                .setRevenue(money(revenue))
                .setCost(cost == null ? null : money(cost))
                .setNewCustomer(newCustomer)
                .build();
    }

    static RefundEvent refund(String id, Instant at, String employee, String amount) {
        return RefundEvent.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setEmployeeId(employee)
                .setAmount(money(amount))
                .build();
    }

    static TicketEvent opened(String id, Instant at, String ticket, String employee) {
        return TicketEvent.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setTicketId(ticket)
                .setStatus(TicketStatus.opened)
                .setEmployeeId(employee)
                .build();
    }

    static TicketEvent resolved(
            String id,
            Instant at,
            String ticket,
            String employee,
            Instant openedAt,
            boolean firstContact,
            Integer csat) {
        return TicketEvent.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setTicketId(ticket)
                .setStatus(TicketStatus.resolved)
                .setEmployeeId(employee)
                .setOpenedAt(openedAt)
                .setFirstContact(firstContact)
                .setCsat(csat)
                .build();
    }

    static NpsEvent nps(String id, Instant at, String employee, int score) {
        return NpsEvent.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setEmployeeId(employee)
                .setScore(score)
                .build();
    }
}
