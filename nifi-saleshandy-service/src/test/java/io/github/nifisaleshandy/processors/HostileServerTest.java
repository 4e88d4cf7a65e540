package io.github.nifisaleshandy.processors;

import static io.github.nifisaleshandy.processors.ServiceTestKit.drain;
import static io.github.nifisaleshandy.processors.ServiceTestKit.query;
import static io.github.nifisaleshandy.testapi.FakeSaleshandyApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.SequencesQuery;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.NumberedPages;
import io.github.nifisaleshandy.testapi.SecretScan;
import io.github.nifisaleshandy.testapi.SequencePages;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testapi.TricklingBody;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service against a misbehaving or hostile server, on both endpoints: every answer is a page or a classified failure
 * whose message quotes the server's words but never the key, in any encoding; redirects are never followed; slow and
 * broken bodies end within the timeouts. Retries are off unless a test says otherwise, so one answer gives one outcome.
 */
class HostileServerTest {

    /** With a slash, a plus and padding, so that JSON, percent and Base64 encodings all differ from the key itself. */
    private static final String KEY = "k/ey-Secret+123=";
    private static final Map<String, String> NO_RETRIES = Map.of("Max Retries", "0");
    private static final NumberedPages DATA = new NumberedPages(1, 10, 3);

    /** The two endpoints, as a client asks for their first page. */
    private enum Endpoint {
        STATS("Page 1", client -> drain(client.stats(query()))),
        SEQUENCES("Sequences page 1", client -> drain(client.sequences(SequencesQuery.firstPage(10))));

        private final String label;
        private final Query query;

        Endpoint(final String label, final Query query) {
            this.label = label;
            this.query = query;
        }

        SaleshandyApiException failure(final SaleshandyClient client) {
            return assertThrows(SaleshandyApiException.class, () -> query.run(client));
        }
    }

    @FunctionalInterface
    private interface Query {
        void run(SaleshandyClient client) throws SaleshandyApiException;
    }

    /** A kit whose service uses {@link #KEY} and no retries; its client is {@code kit.connect(hostile(kit), 1)}. */
    private static ServiceTestKit kit() throws Exception {
        return new ServiceTestKit(FakeSaleshandyApi.serving(DATA), NO_RETRIES);
    }

    /** The outcome of {@code endpoint}'s first page when the next answer is {@code answer}, on a service holding {@link #KEY}. */
    private static SaleshandyApiException failure(final ServiceTestKit kit, final Endpoint endpoint, final MockResponse answer) throws Exception {
        kit.api.answerNext(answer);
        try (SaleshandyClient client = kit.connect(hostile(kit), 1)) {
            return endpoint.failure(client);
        }
    }

    private static StandardSaleshandyConnectionService hostile(final ServiceTestKit kit) throws Exception {
        final String id = "hostile";
        if (kit.runner.getControllerService(id) != null) {
            return (StandardSaleshandyConnectionService) kit.runner.getControllerService(id);
        }
        return kit.add(id, KEY, NO_RETRIES);
    }

    // 1. What each answer means

    @ParameterizedTest(name = "{0} HTTP {1}")
    @CsvSource({"STATS, 500", "STATS, 502", "STATS, 503", "STATS, 504", "SEQUENCES, 503"})
    void serverErrorsAreTransientAndQuoteTheBodyOnOneLine(final Endpoint endpoint, final int status) throws Exception {
        try (ServiceTestKit kit = kit()) {
            final SaleshandyApiException e = failure(kit, endpoint,
                    new MockResponse.Builder().code(status).body("<html><body><h1>Bad   gateway</h1>\n</body></html>").build());

            assertEquals(Failure.TRANSIENT, e.getFailure());
            assertEquals(status, e.getHttpStatus());
            assertTrue(e.getMessage().startsWith(endpoint.label + ": HTTP " + status + ": Saleshandy is unavailable"), e.getMessage());
            assertTrue(e.getMessage().contains("<h1>Bad gateway</h1>"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} HTTP {1}")
    @CsvSource({"STATS, 401", "STATS, 403", "SEQUENCES, 401"})
    void unauthorizedMeansTheKeyWasRejected(final Endpoint endpoint, final int status) throws Exception {
        try (ServiceTestKit kit = kit()) {
            final SaleshandyApiException e = failure(kit, endpoint, json(status, "{\"message\":\"Unauthorized\"}").build());

            assertEquals(Failure.KEY_REJECTED, e.getFailure());
            assertEquals(endpoint.label + ": HTTP " + status + ": API key rejected: Unauthorized", e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"STATS", "SEQUENCES"})
    void invalidTokenWithStatus400MeansTheKeyWasRejected(final Endpoint endpoint) throws Exception {
        try (ServiceTestKit kit = kit()) {
            final SaleshandyApiException e = failure(kit, endpoint, json(400, "{\"message\":\"1001: Invalid token\"}").build());

            assertEquals(Failure.KEY_REJECTED, e.getFailure());
            assertEquals(endpoint.label + ": HTTP 400: API key rejected: 1001: Invalid token", e.getMessage());
        }
    }

    @Test
    void aGatewayErrorOn401ShowsItsMessageWithTheCode() throws Exception {
        try (ServiceTestKit kit = kit()) {
            final SaleshandyApiException e = failure(kit, Endpoint.STATS,
                    json(401, "{\"error\":\"unauthorized\",\"error_code\":\"401\",\"error_message\":\"Key expired\"}").build());

            assertEquals("Page 1: HTTP 401: API key rejected: Key expired (401)", e.getMessage());
        }
    }

    @Test
    void errorBodiesOfEveryKnownShapeShowTheirHumanText() throws Exception {
        final Map<String, String> shapes = Map.of(
                "{\"statusCode\":400,\"message\":\"Start Date must not be older than 2 years ago\"}", "Start Date must not be older than 2 years ago",
                "{\"statusCode\":400,\"message\":[\"startDate must be a date\",\"pageLimit must not be greater than 500\"],\"error\":\"Bad Request\"}",
                "startDate must be a date; pageLimit must not be greater than 500",
                "{\"error\":\"Bad Request\",\"error_code\":\"E_SEQ_42\",\"error_message\":\"Sequence not found\"}", "Sequence not found (E_SEQ_42)",
                "{\"error\":\"Bad Request\",\"error_message\":\"Sequence not found\"}", "Sequence not found",
                "{\"code\":7,\"type\":\"VALIDATION\",\"message\":\"Dates out of range\"}", "Dates out of range",
                "{\"error\":\"Bad Request\"}", "Bad Request",
                "plain text, not JSON", "plain text, not JSON");
        try (ServiceTestKit kit = kit()) {
            for (final Map.Entry<String, String> shape : shapes.entrySet()) {
                for (final Endpoint endpoint : Endpoint.values()) {
                    final SaleshandyApiException e = failure(kit, endpoint, json(400, shape.getKey()).build());

                    assertEquals(Failure.INVALID_REQUEST, e.getFailure(), shape.getKey());
                    assertEquals(endpoint.label + ": HTTP 400: request rejected: " + shape.getValue(), e.getMessage());
                }
            }
        }
    }

    @Test
    void aRateLimitCarriesRetryAfter() throws Exception {
        try (ServiceTestKit kit = kit()) {
            for (final Endpoint endpoint : Endpoint.values()) {
                final SaleshandyApiException e = failure(kit, endpoint, json(429, "{\"message\":\"Too many requests\"}").setHeader("Retry-After", "17").build());

                assertEquals(Failure.RATE_LIMITED, e.getFailure());
                assertEquals(Duration.ofSeconds(17), e.getRetryAfter().orElseThrow());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "not JSON|<html>maintenance</html>|Page 1: the response is not valid JSON",
        "truncated JSON|{\"payload\":{\"data\":[{\"Sequence Id\":\"a\"}|Page 1: the response is not valid JSON",
        "payload missing|{\"message\":\"ok\"}|Page 1: the response has no 'payload' object",
        "data not an array|{\"message\":\"ok\",\"payload\":{\"data\":\"none\",\"hasMore\":false}}|Page 1: 'payload.data' is not an array"
    })
    void aBodyOfTheWrongShapeIsMalformedNamingThePage(final String name, final String body, final String reason) throws Exception {
        try (ServiceTestKit kit = kit()) {
            final SaleshandyApiException e = failure(kit, Endpoint.STATS, json(200, body).build());

            assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
            assertTrue(e.getMessage().startsWith(reason), e.getMessage());
        }
    }

    @Test
    void aConnectionResetMidBodyIsTransient() throws Exception {
        try (ServiceTestKit kit = kit()) {
            final SaleshandyApiException e = failure(kit, Endpoint.STATS,
                    json(200, StatsPages.page(1, 0, 200, false)).onResponseBody(new SocketEffect.CloseSocket()).build());

            assertEquals(Failure.TRANSIENT, e.getFailure());
            assertTrue(e.getMessage().startsWith("Page 1: network error talking to http://"), e.getMessage());
        }
    }

    @Test
    void aStatusLineOkHttpCannotParseIsTransientAndItsQuoteOfTheKeyIsMasked() throws Exception {
        try (ServiceTestKit kit = kit()) {
            final SaleshandyApiException e = failure(kit, Endpoint.STATS, new MockResponse.Builder().status("HTTP/1.1 2x0 " + KEY).body("{}").build());

            assertEquals(Failure.TRANSIENT, e.getFailure());
            assertTrue(e.getMessage().contains("Unexpected status line"), e.getMessage());
            SecretScan.assertNotIn(e.getMessage(), KEY);
            // OkHttp's own exception, the cause, still quotes it: processors log causes through mask(), as MaskedException does.
            final StandardSaleshandyConnectionService service = hostile(kit);
            for (Throwable shown = e; shown != null; shown = shown.getCause()) {
                SecretScan.assertNotIn(service.mask(String.valueOf(shown.getMessage())), KEY);
            }
        }
    }

    // 2. The key echoed in an error body, in any encoding, on either endpoint

    @Test
    void anEchoedKeyAppearsInNoExceptionMessageInAnyEncoding() throws Exception {
        final List<String> bodies = new ArrayList<>();
        final String escapedSlash = KEY.replace("/", "\\/");
        for (final String echo : List.of(KEY, escapedSlash, unicodeEscaped(KEY, false), unicodeEscaped(KEY.substring(0, 5), true) + KEY.substring(5))) {
            bodies.add("{\"message\":\"bad header x-api-key: " + echo + "\"}");
            bodies.add("{\"statusCode\":400,\"message\":[\"key " + echo + " unknown\"]}");
            bodies.add("{\"error\":\"denied\",\"error_code\":\"" + echo + "\",\"error_message\":\"key " + echo + "\"}");
            bodies.add("{\"unknown\":\"" + echo + "\"}");
        }
        bodies.add("<html>x-api-key=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8) + "</html>");
        bodies.add("{\"message\":\"Basic " + Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)) + "\"}");
        try (ServiceTestKit kit = kit()) {
            int cases = 0;
            for (final int status : new int[] {400, 401, 429, 500, 503}) {
                for (final String body : bodies) {
                    for (final Endpoint endpoint : Endpoint.values()) {
                        final SaleshandyApiException e = failure(kit, endpoint, json(status, body).build());

                        for (final String form : SecretScan.forms(KEY)) {
                            assertFalse(e.getMessage().contains(form), "'" + form + "' in: " + e.getMessage());
                        }
                        assertFalse(e.getMessage().contains(KEY.substring(0, KEY.length() - 2)), "most of the key in: " + e.getMessage());
                        if (status != 429) {
                            assertTrue(e.getMessage().contains("****"), e.getMessage());
                        }
                        cases++;
                    }
                }
            }
            assertEquals(5 * 18 * 2, cases);
            assertEquals("x-api-key: ****", kit.runner.getControllerService("hostile", StandardSaleshandyConnectionService.class).mask("x-api-key: " + KEY));
        }
    }

    private static String unicodeEscaped(final String text, final boolean upperHex) {
        final StringBuilder escaped = new StringBuilder();
        text.chars().forEach(c -> escaped.append(upperHex ? "\\u%04X".formatted(c) : "\\u%04x".formatted(c)));
        return escaped.toString();
    }

    // 3. Redirects

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectIsNotFollowedSoTheKeyNeverReachesTheOtherHost(final int status) throws Exception {
        try (ServiceTestKit kit = kit(); MockWebServer elsewhere = FakeSaleshandyApi.serving(DATA).start()) {
            final String location = elsewhere.url("/steal?token=abc").newBuilder().username("user").password("pw").build().toString();
            for (final Endpoint endpoint : Endpoint.values()) {
                final SaleshandyApiException e = failure(kit, endpoint, new MockResponse.Builder().code(status).setHeader("Location", location).build());

                assertEquals(Failure.REDIRECTED, e.getFailure());
                assertFalse(e.getFailure().isRetryable());
                assertEquals(status, e.getHttpStatus());
                assertEquals(endpoint.label + ": HTTP " + status + ": Saleshandy answered with a redirect to " + elsewhere.getHostName() + ":"
                        + elsewhere.getPort() + "; redirects are not followed so that the key is not sent elsewhere", e.getMessage());
            }
            assertEquals(0, elsewhere.getRequestCount(), "the redirect target was contacted");
            assertEquals(2, kit.server.getRequestCount(), "a redirect is not retried");
        }
    }

    @ParameterizedTest(name = "Location: ''{0}''")
    @ValueSource(strings = {"", "http://[broken"})
    void aRedirectWithoutAUsableLocationSaysSo(final String location) throws Exception {
        final MockResponse.Builder redirect = new MockResponse.Builder().code(302);
        if (!location.isEmpty()) {
            redirect.setHeader("Location", location);
        }
        try (ServiceTestKit kit = kit()) {
            final SaleshandyApiException e = failure(kit, Endpoint.STATS, redirect.build());

            assertEquals(Failure.REDIRECTED, e.getFailure());
            assertTrue(e.getMessage().startsWith("Page 1: HTTP 302: Saleshandy answered with a redirect "
                    + (location.isEmpty() ? "without a Location header" : "to a Location that is not a valid URL")), e.getMessage());
        }
    }

    // 4. Slow, stalled and cancelled answers

    @Test
    void aReadTimeoutIsTransient() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(FakeSaleshandyApi.serving(DATA), Map.of("Max Retries", "0", "Read Timeout", "500 millis"));
             SaleshandyClient client = kit.connect(1)) {
            kit.api.answerNext(json(200, DATA.body(1)).onResponseStart(SocketEffect.Stall.INSTANCE).build());

            final SaleshandyApiException e = Endpoint.STATS.failure(client);

            assertEquals(Failure.TRANSIENT, e.getFailure());
            assertTrue(e.getMessage().contains("SocketTimeoutException"), e.getMessage());
        }
    }

    @Test
    void aServerTricklingTheBodyFailsWithinTheRequestTimeoutAsTransient() throws Exception {
        final Map<String, String> settings = Map.of("Max Retries", "0", "Request Timeout", "1 sec", "Read Timeout", "30 sec");
        try (ServiceTestKit kit = new ServiceTestKit(FakeSaleshandyApi.serving(DATA), settings); SaleshandyClient client = kit.connect(1)) {
            kit.api.answerNext(new MockResponse.Builder().code(200).body(new TricklingBody(StatsPages.page(1, 0, 5, false), Duration.ofMillis(50))).build());
            final long started = System.nanoTime();

            final SaleshandyApiException e = Endpoint.STATS.failure(client);

            final Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(Failure.TRANSIENT, e.getFailure());
            assertTrue(e.getFailure().isRetryable());
            assertEquals("Page 1: no complete response within the request timeout of 1s", e.getMessage());
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
        }
    }

    @Test
    void aCallCancelledWhileWaitingForTheAnswerIsInterruptedNotATimeout() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(FakeSaleshandyApi.serving(DATA), Map.of("Request Timeout", "30 sec"));
             SaleshandyClient client = kit.connect(1)) {
            kit.api.answerNext(json(200, DATA.body(1)).onResponseStart(SocketEffect.Stall.INSTANCE).build());
            final CompletableFuture<SaleshandyApiException> outcome = CompletableFuture.supplyAsync(() -> Endpoint.STATS.failure(client));
            kit.server.takeRequest(10, TimeUnit.SECONDS);

            client.cancel();

            final SaleshandyApiException e = outcome.get(10, TimeUnit.SECONDS);
            assertEquals(Failure.INTERRUPTED, e.getFailure());
            assertEquals("Page 1: request cancelled", e.getMessage());
        }
    }

    @Test
    void aCancelEndsACallStillReadingASlowBodyAtOnce() throws Exception {
        // One byte every 200 ms: minutes in all, so the call is still reading the body when it is cancelled.
        final TricklingBody body = new TricklingBody(StatsPages.page(1, 0, 10, false), Duration.ofMillis(200));
        try (ServiceTestKit kit = kit(); SaleshandyClient client = kit.connect(1)) {
            kit.api.answerNext(new MockResponse.Builder().code(200).body(body).build());
            final CompletableFuture<SaleshandyApiException> outcome = CompletableFuture.supplyAsync(() -> Endpoint.STATS.failure(client));
            assertTrue(body.clientIsReading().await(10, TimeUnit.SECONDS), "the server began the body");

            client.cancel();

            final SaleshandyApiException e = outcome.get(2, TimeUnit.SECONDS);
            assertEquals(Failure.INTERRUPTED, e.getFailure(), e.getMessage());
            assertTrue(client.isCancelled());
        }
    }

    // 5. Any bytes

    @Test
    void mutatedBodiesGiveAPageOrAMalformedResponseOnly() throws Exception {
        final Random random = new Random(20261127L);
        final List<String> encodings = List.of("UTF-8", "UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE", "UTF-32");
        final String page = StatsPages.page(1, 0, 3, false);
        int pages = 0;
        try (ServiceTestKit kit = kit(); SaleshandyClient client = kit.connect(1)) {
            for (int i = 0; i < 60; i++) {
                final byte[] body = mutate(page.getBytes(Charset.forName(encodings.get(random.nextInt(encodings.size())))), random);
                final MockResponse.Builder answer = new MockResponse.Builder().code(200);
                kit.api.answerNext((random.nextBoolean() ? answer.chunkedBody(new Buffer().write(body), 64 + random.nextInt(1024))
                        : answer.body(new Buffer().write(body))).build());
                try {
                    drain(client.stats(query()));
                    pages++;
                } catch (final SaleshandyApiException e) {
                    assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure(), e.getMessage());
                    assertTrue(e.getMessage().startsWith("Page 1: "), e.getMessage());
                }
            }
        }
        assertTrue(pages > 0 && pages < 60, pages + " of 60 bodies gave a page");
    }

    private static byte[] mutate(final byte[] body, final Random random) {
        final Function<Integer, byte[]> flipped = times -> {
            final byte[] copy = body.clone();
            for (int i = 0; i < times && copy.length > 0; i++) {
                copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
            }
            return copy;
        };
        return switch (random.nextInt(5)) {
            case 0 -> Arrays.copyOf(body, random.nextInt(body.length + 1));
            case 1 -> flipped.apply(1 + random.nextInt(8));
            case 2 -> {
                final byte[] noise = new byte[random.nextInt(40)];
                random.nextBytes(noise);
                yield noise;
            }
            default -> body;
        };
    }

    // 6. A Base URL behind a gateway path

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"/saleshandy", "/saleshandy/", "", "/"})
    void theBaseUrlsPathIsKeptWithOrWithoutATrailingSlash(final String basePath) throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(FakeSaleshandyApi.serving(DATA))) {
            final String base = FakeSaleshandyApi.baseUrl(kit.server) + basePath;
            final StandardSaleshandyConnectionService gateway = kit.add("gateway", KEY, Map.of("Base URL", base));
            final String path = basePath.startsWith("/saleshandy") ? "/saleshandy" : "";
            try (SaleshandyClient client = kit.connect(gateway, 1)) {
                drain(client.stats(query()));
                // The fake API knows the sequences endpoint by its path at the root only.
                kit.api.answerNext(json(200, SequencePages.page(1, 0)).build());
                drain(client.sequences(SequencesQuery.firstPage(10)));

                assertEquals(path + "/v1/analytics/consolidated-stats", kit.server.takeRequest().getUrl().encodedPath());
                assertEquals(path + "/v1/sequences", kit.server.takeRequest().getUrl().encodedPath());
                assertEquals(FakeSaleshandyApi.baseUrl(kit.server) + path + "/v1/analytics/consolidated-stats", client.statsUrl());
                assertEquals(FakeSaleshandyApi.baseUrl(kit.server) + path + "/v1/sequences", client.sequencesUrl());
            }
        }
    }
}
