package io.pulse.app.http;

import io.pulse.app.access.Caller;
import io.pulse.app.access.ForwardingTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a query about one scope key from wherever its state lives (DESIGN "Any instance answers any query"):
 * locally when this instance is the active owner of the key's partition, else by forwarding the same HTTP request
 * to the owner's {@code application.server} and returning its answer as is. A forwarded request carries
 * {@value #FORWARDED_BY}; an instance that receives one for a key it does not own answers 503 instead of forwarding
 * again, so a request never loops while ownership moves. Whenever the owner is unknown (rebalancing), not started
 * or unreachable, the answer is 503 with the reason.
 *
 * <p>The forwarded request carries the caller's identity in a form the owner verifies (SPEC §10): with
 * {@code auth.forwardingSecret}, a short-lived identity signed for that one owner ({@link ForwardingTokens}) and no
 * other credential; without it, the caller's own {@code Authorization} header, which the owner checks as it would
 * from the caller. The owner applies the same access rules again before answering.
 */
final class QueryRouter {
    private static final Logger LOGGER = LoggerFactory.getLogger(QueryRouter.class);

    /** Request header naming the instance that forwarded the request. */
    static final String FORWARDED_BY = "X-Pulse-Forwarded-By";
    /** Response header naming the instance whose state answered. */
    static final String SERVED_BY = "X-Pulse-Served-By";
    /** Request headers passed on to the owner (the caller's own credential only without a forwarding secret). */
    private static final List<String> PASSED_ON = List.of("Accept");

    private static final String AUTHORIZATION = "Authorization";

    private final HostInfo self;
    private final String scheme;
    private final HttpClient client;
    private final Duration timeout;
    private final ForwardingTokens identities;

    QueryRouter(HostInfo self, String scheme, Duration timeout) {
        this(self, scheme, timeout, null, null);
    }

    /**
     * @param identities signer of forwarded identities, or null to pass the caller's Authorization header on
     * @param ssl        trust for {@code https} owners, or null for the JDK's
     */
    QueryRouter(HostInfo self, String scheme, Duration timeout, ForwardingTokens identities, SSLContext ssl) {
        this.self = Objects.requireNonNull(self, "self");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.identities = identities;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.client = b.build();
    }

    /** The request being answered, as much of it as routing needs, and who asks. */
    record Request(String path, String rawQuery, java.util.function.Function<String, String> header, Caller caller) {
        Request(String path, String rawQuery, java.util.function.Function<String, String> header) {
            this(path, rawQuery, header, Caller.OPEN);
        }
    }

    /** An answer: status, content type, body, and which instance's state produced it. */
    record Answer(int status, String contentType, String body, String servedBy) {
        static Answer json(int status, String body, String servedBy) {
            return new Answer(status, "application/json", body, servedBy);
        }
    }

    /**
     * Routes one query.
     *
     * @param view     the streams client, or null before it is attached
     * @param store    the store holding the key's state
     * @param scopeKey the partitioning key, {@code scope|id}
     * @param local    answers the query from the given local partition (a JSON body); may throw
     *                 {@link ApiException} (e.g. 404) or {@link InvalidStateStoreException}
     */
    Answer route(StreamsView view, String store, String scopeKey, Request request, IntFunction<String> local) {
        if (view == null) {
            throw ApiException.unavailable("Kafka Streams is not started yet");
        }
        KafkaStreams.State state = view.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw ApiException.unavailable("Kafka Streams is " + state + ", so no state can be queried");
        }
        KeyQueryMetadata owner;
        try {
            owner = view.ownerOf(store, scopeKey);
        } catch (RuntimeException e) {
            // The client can refuse while it changes state (StreamsNotStartedException and the like).
            throw ApiException.unavailable(
                    "cannot tell the owner of '" + scopeKey + "' now (" + e.getMessage() + "); retry shortly");
        }
        if (owner == null
                || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)
                || owner.activeHost() == null
                || HostInfo.unavailable().equals(owner.activeHost())) {
            throw ApiException.unavailable("the owner of '" + scopeKey + "' is unknown right now (Kafka Streams is "
                    + state + "); retry shortly");
        }
        if (self.equals(owner.activeHost())) {
            try {
                return Answer.json(200, local.apply(owner.partition()), name(self));
            } catch (InvalidStateStoreException e) {
                throw ApiException.unavailable("partition " + owner.partition() + " of " + store
                        + " is not queryable on this instance now (" + e.getMessage() + "); retry shortly");
            }
        }
        String forwardedBy = request.header().apply(FORWARDED_BY);
        if (forwardedBy != null) {
            throw ApiException.unavailable("forwarded by " + forwardedBy + " to " + name(self) + ", but "
                    + name(owner.activeHost()) + " owns '" + scopeKey + "' now: ownership is moving; retry shortly");
        }
        return forward(owner.activeHost(), scopeKey, request);
    }

    /** Asks another instance the same request, marked forwarded so that it answers from its own state only. */
    Answer forwardTo(HostInfo other, Request request) {
        return forward(other, "the request", request);
    }

    private Answer forward(HostInfo owner, String scopeKey, Request request) {
        URI uri = URI.create(scheme + "://" + owner.host() + ":" + owner.port() + request.path()
                + (request.rawQuery() == null || request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery()));
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri).timeout(timeout).GET().header(FORWARDED_BY, name(self));
        for (String h : PASSED_ON) {
            String v = request.header().apply(h);
            if (v != null) {
                b.header(h, v);
            }
        }
        if (identities != null) {
            b.header(ForwardingTokens.HEADER, identities.sign(request.caller(), name(owner)));
        } else {
            String v = request.header().apply(AUTHORIZATION);
            if (v != null) {
                b.header(AUTHORIZATION, v);
            }
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String servedBy = r.headers().firstValue(SERVED_BY).orElse(name(owner));
            return new Answer(
                    r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse("application/json"),
                    r.body(),
                    servedBy);
        } catch (IOException e) {
            LOGGER.debug("Forwarding to {} failed", uri, e);
            throw ApiException.unavailable(
                    "the owner of '" + scopeKey + "', " + name(owner) + ", is unavailable: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking " + name(owner));
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    static String name(HostInfo h) {
        return h.host() + ":" + h.port();
    }
}
