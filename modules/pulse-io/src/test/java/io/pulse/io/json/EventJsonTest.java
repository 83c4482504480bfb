package io.pulse.io.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.pulse.io.events.InputEvent;
import io.pulse.streams.event.EventType;
import java.io.BufferedReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonTest {
    private static final Instant NINE_FIFTEEN = Instant.parse("2026-11-02T09:15:00Z");

    @Test
    void shouldReadAnOrderWithExactMoneyScaledToTheSchema() {
        // When
        InputEvent event =
                EventJson.parse("{\"type\":\"order\",\"eventId\":\"o-1\",\"occurredAt\":\"2026-11-02T09:15:00Z\","
                        + "\"customerId\":\"cu-9\",\"revenue\":1200.5,\"cost\":\"700.1234\",\"employeeId\":\"e-017\","
                        + "\"newCustomer\":true,\"currency\":\"RUB\"}");

        // Then
        assertThat(event.type()).isEqualTo(EventType.ORDER);
        assertThat(event.eventId()).isEqualTo("o-1");
        assertThat(event.occurredAt()).isEqualTo(NINE_FIFTEEN);
        OrderEvent order = (OrderEvent) event.value();
        assertThat(order.getRevenue()).isEqualTo(new BigDecimal("1200.5000"));
        assertThat(order.getCost()).isEqualTo(new BigDecimal("700.1234"));
        assertThat(order.getNewCustomer()).isTrue();
        assertThat(order.getEmployeeId()).isEqualTo("e-017");
        assertThat(order.getCampaignId()).isNull();
        assertThat(order.getCurrency()).isEqualTo("RUB");
    }

    @Test
    void shouldReadEveryTypeOfSpecSection2() {
        List<String> lines = List.of(
                "{\"type\":\"impression\",\"eventId\":\"i-1\",\"occurredAt\":\"2026-11-02T09:15:00Z\",\"campaignId\":\"c-9\",\"cost\":0.0035}",
                "{\"type\":\"click\",\"eventId\":\"c-1\",\"occurredAt\":\"2026-11-02T09:15:00Z\",\"campaignId\":\"c-9\",\"channel\":\"search\",\"cost\":1.2}",
                "{\"type\":\"spend\",\"eventId\":\"s-1\",\"occurredAt\":\"2026-11-02T09:15:00Z\",\"campaignId\":\"c-9\",\"amount\":250}",
                "{\"type\":\"session\",\"eventId\":\"se-1\",\"occurredAt\":\"2026-11-02T09:15:00Z\",\"pageviews\":3,\"bounced\":false,\"converted\":true}",
                "{\"type\":\"lead\",\"eventId\":\"l-1\",\"occurredAt\":\"2026-11-02T09:15:00Z\",\"qualified\":true}",
                "{\"type\":\"order\",\"eventId\":\"o-1\",\"occurredAt\":\"2026-11-02T09:15:00Z\",\"customerId\":\"cu-1\",\"revenue\":10}",
                "{\"type\":\"refund\",\"eventId\":\"r-1\",\"occurredAt\":\"2026-11-02T09:15:00Z\",\"amount\":5,\"orderId\":\"o-1\"}",
                "{\"type\":\"ticket\",\"eventId\":\"t-1\",\"occurredAt\":\"2026-11-02T09:15:00Z\",\"ticketId\":\"T-1\",\"status\":\"resolved\","
                        + "\"openedAt\":\"2026-11-02T08:15:00Z\",\"firstContact\":true,\"csat\":5}",
                "{\"type\":\"nps\",\"eventId\":\"n-1\",\"occurredAt\":\"2026-11-02T09:15:00Z\",\"score\":9}");

        List<InputEvent> events = lines.stream().map(EventJson::parse).toList();

        assertThat(events)
                .extracting(e -> (Object) e.value().getClass())
                .containsExactly(
                        ImpressionEvent.class,
                        ClickEvent.class,
                        SpendEvent.class,
                        SessionEvent.class,
                        LeadEvent.class,
                        OrderEvent.class,
                        RefundEvent.class,
                        TicketEvent.class,
                        NpsEvent.class);
        assertThat(((ImpressionEvent) events.get(0).value()).getCost()).isEqualTo(new BigDecimal("0.0035"));
        assertThat(((SessionEvent) events.get(3).value()).getConverted()).isTrue();
        TicketEvent ticket = (TicketEvent) events.get(7).value();
        assertThat(ticket.getStatus()).isEqualTo(TicketStatus.resolved);
        assertThat(ticket.getOpenedAt()).isEqualTo(Instant.parse("2026-11-02T08:15:00Z"));
        assertThat(ticket.getCsat()).isEqualTo(5);
        assertThat(((NpsEvent) events.get(8).value()).getScore()).isEqualTo(9);
    }

    @Test
    void shouldFillSchemaDefaultsForAbsentFlags() {
        SessionEvent session = (SessionEvent)
                EventJson.parse("{\"type\":\"session\",\"eventId\":\"se-1\",\"occurredAt\":\"2026-11-02T09:15:00Z\"}")
                        .value();

        assertThat(session.getBounced()).isFalse();
        assertThat(session.getConverted()).isFalse();
        assertThat(session.getPageviews()).isNull();
    }

    @Test
    void shouldAcceptOffsetsAndKeepMilliseconds() {
        InputEvent event = EventJson.parse(
                "{\"type\":\"lead\",\"eventId\":\"l-1\",\"occurredAt\":\"2026-11-02T12:15:00.123456+03:00\"}");

        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-02T09:15:00.123Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"foo","eventId":"x"}                                                  | unknown type 'foo': expected one of impression, click, spend, session, lead, order, refund, ticket, nps
            {"eventId":"x"}                                                               | missing required field 'type'
            {"type":"click","occurredAt":"2026-11-02T09:15:00Z","campaignId":"c"}         | missing required field 'eventId' for type 'click'
            {"type":"click","eventId":"x","occurredAt":"yesterday","campaignId":"c"}      | 'occurredAt' is not an ISO-8601 instant such as "2026-11-02T09:15:00Z": "yesterday"
            {"type":"click","eventId":"x","occurredAt":"2026-11-02T09:15:00","campaignId":"c"} | 'occurredAt' is not an ISO-8601 instant such as "2026-11-02T09:15:00Z": "2026-11-02T09:15:00"
            {"type":"spend","eventId":"x","occurredAt":"2026-11-02T09:15:00Z","campaignId":"c","amount":1.23456} | 'amount' has more than 4 decimal places: 1.23456
            {"type":"spend","eventId":"x","occurredAt":"2026-11-02T09:15:00Z","campaignId":"c","amount":"12,5"} | 'amount' is not a number: "12,5"
            {"type":"spend","eventId":"x","occurredAt":"2026-11-02T09:15:00Z","campaignId":"c","amount":true} | 'amount' must be a number or a string holding one, got true
            {"type":"spend","eventId":"x","occurredAt":"2026-11-02T09:15:00Z","campaignId":"c","amount":12345678901234567} | 'amount' is too large: 12345678901234567 (at most 16 digits before the decimal point)
            {"type":"nps","eventId":"x","occurredAt":"2026-11-02T09:15:00Z","score":9.5}  | 'score' must be a whole number, got 9.5
            {"type":"ticket","eventId":"x","occurredAt":"2026-11-02T09:15:00Z","ticketId":"t","status":"closed"} | 'status' must be one of opened, resolved, got "closed"
            {"type":"lead","eventId":"x","occurredAt":"2026-11-02T09:15:00Z","qualified":"yes"} | 'qualified' must be true or false, got "yes"
            {"type":"lead","eventId":7,"occurredAt":"2026-11-02T09:15:00Z"}               | 'eventId' must be a string, got 7
            {"type":"click","eventId":"x","occurredAt":"2026-11-02T09:15:00Z","campaignId":"c","employeId":"e"} | unknown field 'employeId' for type 'click': expected eventId, occurredAt, campaignId, channel, employeeId, cost, currency
            [1,2]                                                                         | expected a JSON object with a 'type' field, got an array
            """)
    void shouldSayWhatIsWrongWithALine(String line, String message) {
        assertThatThrownBy(() -> EventJson.parse(line))
                .isInstanceOf(EventJsonException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"click\",", "not json", "{\"type\":\"click\",\"type\":\"order\"}"})
    void shouldReportBrokenJsonOnOneLine(String line) {
        assertThatThrownBy(() -> EventJson.parse(line))
                .isInstanceOf(EventJsonException.class)
                .hasMessageStartingWith("not valid JSON: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void shouldRenderALineThatReadsBackToTheSameEvent() {
        // Given
        String line =
                "{\"type\":\"ticket\",\"eventId\":\"t-1\",\"occurredAt\":\"2026-11-02T09:15:00Z\",\"ticketId\":\"T-1\","
                        + "\"status\":\"resolved\",\"employeeId\":\"s-01\",\"openedAt\":\"2026-11-02T08:15:00Z\",\"firstContact\":true,"
                        + "\"csat\":4}";
        InputEvent event = EventJson.parse(line);

        // When
        String rendered = EventJson.render(event);

        // Then
        assertThat(rendered).isEqualTo(line);
        assertThat(EventJson.parse(rendered)).isEqualTo(event);
        assertThat(EventJson.render(
                        EventJson.parse("{\"type\":\"spend\",\"eventId\":\"s\",\"occurredAt\":\"2026-11-02T09:15:00Z\","
                                + "\"campaignId\":\"c\",\"amount\":\"250.10\"}")))
                .endsWith("\"amount\":250.1}");
    }

    @Test
    void shouldReadEveryEventOfAFileAndNumberItsBadLines() throws Exception {
        // Given: an event, a blank line, a line that is not JSON, another event
        String file =
                "{\"type\":\"click\",\"eventId\":\"c-1\",\"occurredAt\":\"2026-11-02T09:15:00Z\",\"campaignId\":\"c\"}\n"
                        + "\n"
                        + "oops\n"
                        + "{\"type\":\"nps\",\"eventId\":\"n-1\",\"occurredAt\":\"2026-11-02T09:16:00Z\",\"score\":9}\n";
        List<InputEvent> events = new ArrayList<>();
        List<EventJson.BadLine> bad = new ArrayList<>();

        // When
        long count = EventJson.readLines(new BufferedReader(new StringReader(file)), events::add, bad::add);

        // Then: the blank line is skipped but counted in the numbers, the bad one is reported with its text
        assertThat(count).isEqualTo(2);
        assertThat(events).extracting(InputEvent::eventId).containsExactly("c-1", "n-1");
        assertThat(bad).singleElement().satisfies(line -> {
            assertThat(line.number()).isEqualTo(3);
            assertThat(line.text()).isEqualTo("oops");
            assertThat(line.reason()).startsWith("not valid JSON: ");
        });
    }
}
