package io.pulse.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.core.Scope;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import io.pulse.streams.query.StateQueries;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /api/v1/scopes/{scope}?period=day[&at=ISO]} (the dashboard's lists of campaigns, channels, employees
 * and teams): the ids of a scope with values in one period, and among them or besides them the ids with a
 * scorecard in that period, so the page asks for scorecards that exist instead of collecting 404s.
 *
 * <p>Every instance holds some partitions, so the answer is this instance's active partitions merged with every
 * other instance's local answer (asked once, marked forwarded, so they do not ask on). An instance that cannot be
 * asked makes the whole answer a 503: a partial list would silently hide people.
 *
 * <p>The aggregates are read with one range scan over the scope's keys (every id, kind and period of the scope in
 * the retention), which is fine at the scale of a demo and a sales floor; the engine's state layer is the place
 * for an index by period should that ever matter.
 */
final class ScopeLister {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ScopeLister() {}

    /** The ids of {@code scope} with an aggregate of {@code kind} starting at {@code start}, sorted, into {@code ids}. */
    static void idsWithValues(
            ReadOnlyKeyValueStore<Bytes, MeasureVector> aggregates,
            Scope scope,
            PeriodKind kind,
            long start,
            Set<String> ids) {
        ids.addAll(StateQueries.ids(aggregates, scope, kind, java.time.Instant.ofEpochMilli(start)));
    }

    /** The ids of {@code scope} with a scorecard of {@code kind} starting at {@code start}. */
    static void idsWithScorecards(
            ReadOnlyKeyValueStore<String, Scorecard> scorecards,
            Scope scope,
            PeriodKind kind,
            long start,
            Set<String> ids) {
        ids.addAll(StateQueries.scorecardIds(scorecards, scope, kind, java.time.Instant.ofEpochMilli(start)));
    }

    /**
     * The answer for this instance's local state, plus the other instances' unless the request was forwarded.
     *
     * @param forwarded whether another instance asked (then only local state counts)
     */
    static String answer(
            StreamsView view,
            QueryRouter router,
            QueryRouter.Request request,
            Scope scope,
            Period period,
            boolean forwarded) {
        return answer(view, router, request, scope, period, forwarded, id -> true, id -> true);
    }

    /**
     * The same, keeping only the ids with values the caller may see ({@code mayReadValues}) and the scorecards it
     * may read ({@code mayReadScorecard}).
     */
    static String answer(
            StreamsView view,
            QueryRouter router,
            QueryRouter.Request request,
            Scope scope,
            Period period,
            boolean forwarded,
            java.util.function.Predicate<String> mayReadValues,
            java.util.function.Predicate<String> mayReadScorecard) {
        if (view == null) {
            throw ApiException.unavailable("Kafka Streams is not started yet");
        }
        KafkaStreams.State state = view.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw ApiException.unavailable("Kafka Streams is " + state + ", so no state can be queried");
        }
        long start = period.start().toEpochMilli();
        Set<String> ids = new TreeSet<>();
        Set<String> planned = new TreeSet<>();
        try {
            ReadOnlyKeyValueStore<Bytes, MeasureVector> aggregates =
                    view.localStore(StateQueries.aggregatesStore(), StateQueries.aggregatesType());
            ReadOnlyKeyValueStore<String, Scorecard> scorecards =
                    view.localStore(StateQueries.scorecardsStore(), StateQueries.scorecardsType());
            if (aggregates != null) {
                idsWithValues(aggregates, scope, period.kind(), start, ids);
            }
            if (scorecards != null) {
                idsWithScorecards(scorecards, scope, period.kind(), start, planned);
            }
        } catch (InvalidStateStoreException e) {
            throw ApiException.unavailable(
                    "the local state is not queryable now (" + e.getMessage() + "); retry shortly");
        }
        if (!forwarded) {
            for (HostInfo other : view.otherHosts()) {
                QueryRouter.Answer a = router.forwardTo(other, request);
                if (a.status() != 200) {
                    throw new ApiException(
                            a.status() == 401 || a.status() == 403 ? a.status() : 503,
                            "instance " + QueryRouter.name(other) + " answered " + a.status() + ": " + a.body());
                }
                JsonNode remote = parse(a.body());
                remote.path("ids").forEach(n -> ids.add(n.asText()));
                remote.path("scorecards").forEach(n -> planned.add(n.asText()));
            }
        }
        ObjectNode body = JsonForms.object();
        body.put("scope", scope.id());
        body.put("period", period.kind().id());
        body.put("periodStart", period.name());
        ArrayNode idList = body.putArray("ids");
        ids.stream().filter(mayReadValues).forEach(idList::add);
        ArrayNode cardList = body.putArray("scorecards");
        planned.stream().filter(mayReadScorecard).forEach(cardList::add);
        return JsonForms.write(body);
    }

    private static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiException.unavailable("another instance answered something that is not JSON: " + e.getMessage());
        }
    }
}
