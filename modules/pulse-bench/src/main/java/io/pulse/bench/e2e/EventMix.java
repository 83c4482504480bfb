package io.pulse.bench.e2e;

import io.pulse.avro.events.ClickEvent;
import io.pulse.avro.events.ImpressionEvent;
import io.pulse.avro.events.LeadEvent;
import io.pulse.avro.events.NpsEvent;
import io.pulse.avro.events.OrderEvent;
import io.pulse.avro.events.SessionEvent;
import io.pulse.avro.events.TicketEvent;
import io.pulse.avro.events.TicketStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/**
 * A reproducible event mix for throughput runs: mostly impressions, then sessions and clicks, a few leads,
 * orders, tickets and NPS answers, over 200 campaigns, 6 channels and 500 employees. Event times advance
 * as they would live at the given rate (50,000 events/s spans 10 s per 500,000 events), so windows do not
 * close mid-run and nothing is late: the run measures the steady state of a live system.
 */
final class EventMix {
    private static final String[] CHANNELS = {"search", "social", "email", "display", "video", "partner"};
    private final SplittableRandom random;
    private final Instant start;
    private final long stepMicros;
    private long n;

    EventMix(long seed, Instant start, long eventsPerSecond) {
        this.random = new SplittableRandom(seed);
        this.start = start;
        this.stepMicros = Math.max(1, 1_000_000L / Math.max(1, eventsPerSecond));
    }

    SpecificRecord next() {
        long i = n++;
        Instant at = start.plusNanos((i * stepMicros + random.nextLong(0, 1000)) * 1000);
        String id = Long.toString(i);
        String campaign = "c-" + random.nextInt(200);
        String channel = CHANNELS[random.nextInt(CHANNELS.length)];
        String employee = "e-" + random.nextInt(500);
        int roll = random.nextInt(100);
        if (roll < 55) {
            return ImpressionEvent.newBuilder()
                    .setEventId(id)
                    .setOccurredAt(at)
                    .setCampaignId(campaign)
                    .setChannel(channel)
                    .setCost(money(random.nextInt(1, 100), 2))
                    .build();
        } else if (roll < 65) {
            return ClickEvent.newBuilder()
                    .setEventId(id)
                    .setOccurredAt(at)
                    .setCampaignId(campaign)
                    .setChannel(channel)
                    .setCost(money(random.nextInt(10, 500), 2))
                    .build();
        } else if (roll < 82) {
            return SessionEvent.newBuilder()
                    .setEventId(id)
                    .setOccurredAt(at)
                    .setCampaignId(campaign)
                    .setChannel(channel)
                    .setPageviews(random.nextInt(1, 12))
                    .setBounced(random.nextInt(10) < 4)
                    .setConverted(random.nextInt(100) < 3)
                    .build();
        } else if (roll < 88) {
            return LeadEvent.newBuilder()
                    .setEventId(id)
                    .setOccurredAt(at)
                    .setCampaignId(campaign)
                    .setChannel(channel)
                    .setEmployeeId(employee)
                    .setQualified(random.nextBoolean())
                    .build();
        } else if (roll < 94) {
            return OrderEvent.newBuilder()
                    .setEventId(id)
                    .setOccurredAt(at)
                    .setCustomerId("k-" + random.nextInt(50_000))
                    .setRevenue(money(random.nextInt(1000, 500_000), 2))
                    .setCost(money(random.nextInt(500, 200_000), 2))
                    .setEmployeeId(employee)
                    .setCampaignId(campaign)
                    .setChannel(channel)
                    .setNewCustomer(random.nextInt(10) < 3)
                    .build();
        } else if (roll < 98) {
            boolean resolved = random.nextBoolean();
            TicketEvent.Builder b = TicketEvent.newBuilder()
                    .setEventId(id)
                    .setOccurredAt(at)
                    .setTicketId("t-" + i)
                    .setEmployeeId(employee)
                    .setStatus(resolved ? TicketStatus.resolved : TicketStatus.opened);
            if (resolved) {
                b.setOpenedAt(at.minusSeconds(random.nextInt(60, 7200)))
                        .setFirstContact(random.nextBoolean())
                        .setCsat(random.nextInt(1, 6));
            }
            return b.build();
        }
        return NpsEvent.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setEmployeeId(employee)
                .setScore(random.nextInt(11))
                .build();
    }

    private static BigDecimal money(long cents, int scale) {
        return BigDecimal.valueOf(cents, scale).setScale(4);
    }
}
