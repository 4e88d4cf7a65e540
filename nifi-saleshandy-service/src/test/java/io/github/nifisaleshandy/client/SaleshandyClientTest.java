package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaleshandyClientTest {

    private static final String KEY = "sk-test-5f1c9e";
    private static final StatsRequest REQUEST = new StatsRequest(List.of("2dP27N0gZ4", "2dP27NugZ3"),
            LocalDate.of(2024, 11, 15), LocalDate.of(2024, 11, 19), 3, 25);

    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(500, TimeUnit.MILLISECONDS).build();
    private SaleshandyClient<Void> client;

    @BeforeEach
    void start() throws Exception {
        server.start();
        final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
        client = SaleshandyClient.verbatim(http, server.url("/"), KEY, new JsonFactory(), clock);
    }

    @AfterEach
    void stop() {
        server.close();
        http.connectionPool().evictAll();
    }

    @Test
    void postsTheDocumentedRequestWithTheKeyInXApiKey() throws Exception {
        server.enqueue(json(200, StatsPages.page(3, 50, 2, true)));

        final StatsPage page = client.fetchPage(REQUEST);

        final RecordedRequest sent = server.takeRequest();
        assertEquals("POST", sent.getMethod());
        assertEquals("/v1/analytics/consolidated-stats", sent.getUrl().encodedPath());
        assertEquals(KEY, sent.getHeaders().get("x-api-key"));
        assertEquals(null, sent.getHeaders().get("Authorization"));
        assertTrue(sent.getHeaders().get("Content-Type").startsWith("application/json"));
        final JsonNode body = new ObjectMapper().readTree(sent.getBody().utf8());
        assertEquals(5, body.size());
        assertEquals("[\"2dP27N0gZ4\",\"2dP27NugZ3\"]", body.get("sequenceIds").toString());
        assertEquals("2024-11-15", body.get("startDate").textValue());
        assertEquals("2024-11-19", body.get("endDate").textValue());
        assertTrue(body.get("pageNum").isInt());
        assertEquals(3, body.get("pageNum").intValue());
        assertTrue(body.get("pageLimit").isInt());
        assertEquals(25, body.get("pageLimit").intValue());
        assertEquals(3, page.pageNumber());
        assertEquals(2, page.recordCount());
    }

    @Test
    void rateLimitCarriesRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "17").body("{\"message\":\"Too many requests\"}").build());

        final SaleshandyApiException e = fetchFails();

        assertEquals(Failure.RATE_LIMITED, e.getFailure());
        assertEquals(Duration.ofSeconds(17), e.getRetryAfter().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void serverErrorsAreTransientAndQuoteTheBody(final int status) {
        server.enqueue(new MockResponse.Builder().code(status).body("<html><body><h1>Bad   gateway</h1>\n</body></html>").build());

        final SaleshandyApiException e = fetchFails();

        assertEquals(Failure.TRANSIENT, e.getFailure());
        assertEquals(status, e.getHttpStatus());
        assertTrue(e.getMessage().startsWith("Page 3: HTTP " + status), e.getMessage());
        assertTrue(e.getMessage().contains("<h1>Bad gateway</h1>"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void unauthorizedMeansTheKeyWasRejected(final int status) {
        server.enqueue(json(status, "{\"message\":\"Unauthorized\"}"));

        final SaleshandyApiException e = fetchFails();

        assertEquals(Failure.KEY_REJECTED, e.getFailure());
        assertTrue(e.getMessage().contains("API key rejected: Unauthorized"), e.getMessage());
    }

    @Test
    void invalidTokenWithStatus400MeansTheKeyWasRejected() {
        server.enqueue(json(400, "{\"message\":\"1001: Invalid token\"}"));

        final SaleshandyApiException e = fetchFails();

        assertEquals(Failure.KEY_REJECTED, e.getFailure());
        assertEquals("Page 3: HTTP 400: API key rejected: 1001: Invalid token", e.getMessage());
    }

    @Test
    void otherBadRequestsShowTheApisMessage() {
        server.enqueue(json(400, "{\"statusCode\":400,\"message\":\"Start Date must not be older than 2 years ago\"}"));

        final SaleshandyApiException e = fetchFails();

        assertEquals(Failure.INVALID_REQUEST, e.getFailure());
        assertEquals("Page 3: HTTP 400: request rejected: Start Date must not be older than 2 years ago", e.getMessage());
    }

    @Test
    void masksTheKeyIfAServerEchoesIt() {
        server.enqueue(json(400, "{\"message\":\"bad header x-api-key: " + KEY + "\"}"));

        final SaleshandyApiException e = fetchFails();

        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        assertTrue(e.getMessage().contains("x-api-key: ****"), e.getMessage());
    }

    @Test
    void aConnectionResetMidBodyIsTransient() {
        server.enqueue(new MockResponse.Builder().code(200).body(StatsPages.page(3, 0, 200, false))
                .onResponseBody(new SocketEffect.CloseSocket()).build());

        final SaleshandyApiException e = fetchFails();

        assertEquals(Failure.TRANSIENT, e.getFailure());
        assertTrue(e.getMessage().startsWith("Page 3: network error talking to http://"), e.getMessage());
    }

    @Test
    void aReadTimeoutIsTransient() {
        server.enqueue(new MockResponse.Builder().code(200).body(StatsPages.page(3, 0, 1, false)).onResponseStart(SocketEffect.Stall.INSTANCE).build());

        final SaleshandyApiException e = fetchFails();

        assertEquals(Failure.TRANSIENT, e.getFailure());
        assertTrue(e.getMessage().contains("SocketTimeoutException"), e.getMessage());
    }

    @Test
    void aBodyOfTheWrongShapeIsMalformed() {
        server.enqueue(json(200, "{\"message\":\"ok\",\"payload\":{\"data\":\"none\",\"hasMore\":false}}"));

        final SaleshandyApiException e = fetchFails();

        assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
        assertEquals("Page 3: 'payload.data' is not an array", e.getMessage());
    }

    /** Fetches {@link #REQUEST}, which must fail; its exception. */
    private SaleshandyApiException fetchFails() {
        return assertThrows(SaleshandyApiException.class, () -> client.fetchPage(REQUEST));
    }

    static MockResponse json(final int status, final String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
    }
}
