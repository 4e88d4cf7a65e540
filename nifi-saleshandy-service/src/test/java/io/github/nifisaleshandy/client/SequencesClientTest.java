package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.testapi.SequencePages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One page of {@code GET /v1/sequences}: what is sent, and every failure classified as the stats client classifies it.
 */
class SequencesClientTest {

    private static final String KEY = "sk-seq-8d2a41";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(500, TimeUnit.MILLISECONDS).build();
    private SequencesClient client;

    @BeforeEach
    void start() throws Exception {
        server.start();
        client = new SequencesClient(http, server.url("/"), KEY, new JsonFactory(), CLOCK);
    }

    @AfterEach
    void stop() {
        server.close();
        http.connectionPool().evictAll();
    }

    @Test
    void getsThePageWithTheKeyInXApiKeyAndNoContentType() throws Exception {
        server.enqueue(json(200, SequencePages.page(1, 3)));

        final SequencesPage page = client.fetchPage(SequencesRequest.all(3), 2);

        final RecordedRequest sent = server.takeRequest();
        assertEquals("GET", sent.getMethod());
        assertEquals("/v1/sequences", sent.getUrl().encodedPath());
        assertEquals("2", sent.getUrl().queryParameter("page"));
        assertEquals("3", sent.getUrl().queryParameter("pageSize"));
        assertEquals(List.of("page", "pageSize"), List.copyOf(sent.getUrl().queryParameterNames()));
        assertEquals(KEY, sent.getHeaders().get("x-api-key"));
        assertNull(sent.getHeaders().get("Content-Type"));
        assertNull(sent.getHeaders().get("Authorization"));
        assertEquals(List.of("seq-1", "seq-2", "seq-3"), page.ids());
        assertEquals(2, page.pageNumber());
    }

    @Test
    void sendsFiltersAndOrderAsQueryParameters() throws Exception {
        server.enqueue(json(200, SequencePages.page(1, 0)));
        final SequencesRequest request = SequencesRequest.all(1000).withSequenceName("Q4 outreach & more").withClientIds(List.of("c1", "c2"))
                .sortedBy(SequencesRequest.SortBy.CREATED_AT, SequencesRequest.SortOrder.ASC);

        client.fetchPage(request, 1);

        final RecordedRequest sent = server.takeRequest();
        assertEquals("Q4 outreach & more", sent.getUrl().queryParameter("sequenceName"));
        assertEquals("c1,c2", sent.getUrl().queryParameter("clientIds"));
        assertEquals("ASC", sent.getUrl().queryParameter("sort"));
        assertEquals("sequence.createdAt", sent.getUrl().queryParameter("sortBy"));
        assertEquals("1000", sent.getUrl().queryParameter("pageSize"));
    }

    @Test
    void keepsThePathOfTheBaseUrl() throws Exception {
        server.enqueue(json(200, SequencePages.page(1, 0)));
        final SequencesClient gateway = new SequencesClient(http, server.url("/api/open-api/"), KEY, new JsonFactory(), CLOCK);

        gateway.fetchPage(SequencesRequest.all(10), 1);

        assertEquals("/api/open-api/v1/sequences", server.takeRequest().getUrl().encodedPath());
        assertEquals(server.url("/api/open-api/v1/sequences").toString(), gateway.sequencesUrl());
    }

    @Test
    void invalidTokenMeansTheKeyWasRejected() {
        server.enqueue(json(400, "{\"message\":\"1001: Invalid token\"}"));

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> client.fetchPage(SequencesRequest.all(10), 1));

        assertEquals(Failure.KEY_REJECTED, e.getFailure());
        assertEquals("Sequences page 1: HTTP 400: API key rejected: 1001: Invalid token", e.getMessage());
    }

    @Test
    void validationErrorsAreInvalidRequestsWithTheApiMessage() {
        server.enqueue(json(400, "{\"statusCode\":400,\"message\":[\"pageSize must not be greater than 1000\"],\"error\":\"Bad Request\"}"));

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> client.fetchPage(SequencesRequest.all(10), 1));

        assertEquals(Failure.INVALID_REQUEST, e.getFailure());
        assertTrue(e.getMessage().contains("pageSize must not be greater than 1000"), e.getMessage());
    }

    @Test
    void rateLimitCarriesRetryAfterAndServerErrorsAreTransient() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "7").build());
        server.enqueue(json(503, "down"));

        final SaleshandyApiException limited = assertThrows(SaleshandyApiException.class, () -> client.fetchPage(SequencesRequest.all(10), 1));
        final SaleshandyApiException down = assertThrows(SaleshandyApiException.class, () -> client.fetchPage(SequencesRequest.all(10), 1));

        assertEquals(Failure.RATE_LIMITED, limited.getFailure());
        assertEquals(Duration.ofSeconds(7), limited.getRetryAfter().orElseThrow());
        assertEquals(Failure.TRANSIENT, down.getFailure());
    }

    @Test
    void refusesRedirectsSoTheKeyIsNotSentElsewhere() {
        server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "https://elsewhere.example/v1/sequences").build());

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> client.fetchPage(SequencesRequest.all(10), 1));

        assertEquals(Failure.REDIRECTED, e.getFailure());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void neverShowsTheKeyEchoedInAnErrorBody() {
        server.enqueue(json(400, "{\"message\":\"unknown key " + KEY.replace("-", "\\u002d") + "\"}"));

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> client.fetchPage(SequencesRequest.all(10), 1));

        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        assertTrue(e.getMessage().contains(SecretMask.MASK), e.getMessage());
    }

    @Test
    void refusesABodyLargerThanTheLimit() {
        final SequencesClient small = new SequencesClient(http, server.url("/"), KEY, new JsonFactory(), CLOCK, 256);
        server.enqueue(json(200, SequencePages.page(1, 10)));

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> small.fetchPage(SequencesRequest.all(10), 1));

        assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
        assertEquals("Sequences page 1: the response is larger than the 256 bytes limit", e.getMessage());
    }

    private static MockResponse json(final int status, final String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
    }
}
