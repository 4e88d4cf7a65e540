package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testapi.TricklingBody;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client against a misbehaving or hostile server: redirects, echoed keys, trickling and oversized bodies,
 * error bodies of every known shape, and a Base URL behind a gateway path.
 */
class SaleshandyClientHardeningTest {

    /** With a slash, a plus and padding, so that JSON, percent and Base64 encodings all differ from the key itself. */
    private static final String KEY = "k/ey-Secret+123=";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
    private static final StatsRequest REQUEST = new StatsRequest(List.of("seqA"), LocalDate.of(2024, 11, 15), LocalDate.of(2024, 11, 19), 3, 25);

    private final MockWebServer server = new MockWebServer();
    private final MockWebServer elsewhere = new MockWebServer();
    /** Follows redirects, as OkHttp does by default: the client must refuse them whoever built its OkHttpClient. */
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).build();

    @BeforeEach
    void start() throws Exception {
        server.start();
        elsewhere.start();
    }

    @AfterEach
    void stop() {
        server.close();
        elsewhere.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private SaleshandyClient<Void> client() {
        return client(http);
    }

    private SaleshandyClient<Void> client(final OkHttpClient okHttp) {
        return SaleshandyClient.verbatim(okHttp, server.url("/"), KEY, new JsonFactory(), CLOCK);
    }

    // 1. Redirects

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectIsNotFollowedSoTheKeyNeverReachesTheOtherHost(final int status) throws Exception {
        final String location = elsewhere.url("/steal?token=abc").newBuilder().username("user").password("pw").build().toString();
        server.enqueue(new MockResponse.Builder().code(status).setHeader("Location", location).build());

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> client().fetchPage(REQUEST));

        assertEquals(Failure.REDIRECTED, e.getFailure());
        assertFalse(e.getFailure().isRetryable());
        assertEquals(status, e.getHttpStatus());
        assertEquals("Page 3: HTTP " + status + ": Saleshandy answered with a redirect to " + elsewhere.getHostName() + ":" + elsewhere.getPort()
                + "; redirects are not followed so that the key is not sent elsewhere", e.getMessage());
        assertEquals(0, elsewhere.getRequestCount(), "the redirect target was contacted");
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void httpSettingsBuildAClientThatFollowsNoRedirects() {
        final OkHttpClient built = HttpSettings.direct(Duration.ofSeconds(1), Duration.ofSeconds(1), 1).newClient();

        assertFalse(built.followRedirects());
        assertFalse(built.followSslRedirects());
    }

    @ParameterizedTest(name = "Location: ''{0}''")
    @ValueSource(strings = {"", "http://[broken"})
    void aRedirectWithoutAUsableLocationSaysSo(final String location) {
        final MockResponse.Builder response = new MockResponse.Builder().code(302);
        if (!location.isEmpty()) {
            response.setHeader("Location", location);
        }
        server.enqueue(response.build());

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> client().fetchPage(REQUEST));

        assertEquals(Failure.REDIRECTED, e.getFailure());
        assertTrue(e.getMessage().startsWith("Page 3: HTTP 302: Saleshandy answered with a redirect "
                + (location.isEmpty() ? "without a Location header" : "to a Location that is not a valid URL")), e.getMessage());
    }

    // 2. The key echoed in an error body, in any encoding

    static Stream<Arguments> echoedKeys() {
        final List<Arguments> cases = new ArrayList<>();
        final String escapedSlash = KEY.replace("/", "\\/");
        final String allEscaped = unicodeEscaped(KEY, false);
        final String mixedEscapedUpperHex = unicodeEscaped(KEY.substring(0, 5), true) + KEY.substring(5);
        for (final int status : new int[] {400, 401, 429, 500, 503}) {
            for (final String echo : List.of(KEY, escapedSlash, allEscaped, mixedEscapedUpperHex)) {
                cases.add(Arguments.of(status, "{\"message\":\"bad header x-api-key: " + echo + "\"}"));
                cases.add(Arguments.of(status, "{\"statusCode\":" + status + ",\"message\":[\"key " + echo + " unknown\"]}"));
                cases.add(Arguments.of(status, "{\"error\":\"denied\",\"error_code\":\"" + echo + "\",\"error_message\":\"key " + echo + "\"}"));
                cases.add(Arguments.of(status, "{\"unknown\":\"" + echo + "\"}"));
            }
            cases.add(Arguments.of(status, "<html>x-api-key=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8) + "</html>"));
            cases.add(Arguments.of(status, "{\"message\":\"Basic " + Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)) + "\"}"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "HTTP {0}: {1}")
    @MethodSource("echoedKeys")
    void anEchoedKeyAppearsInNoExceptionMessageInAnyEncoding(final int status, final String body) {
        server.enqueue(SaleshandyClientTest.json(status, body));

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> client().fetchPage(REQUEST));

        for (final String form : everyFormOf(KEY)) {
            assertFalse(e.getMessage().contains(form), "'" + form + "' in: " + e.getMessage());
        }
        if (status != 429) {
            assertTrue(e.getMessage().contains(SecretMask.MASK), e.getMessage());
        }
    }

    private static List<String> everyFormOf(final String key) {
        final byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return List.of(key, key.replace("/", "\\/"), unicodeEscaped(key, false), unicodeEscaped(key, true), URLEncoder.encode(key, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(bytes), Base64.getEncoder().withoutPadding().encodeToString(bytes),
                // A shown prefix would give most of the key away.
                key.substring(0, key.length() - 2));
    }

    private static String unicodeEscaped(final String text, final boolean upperHex) {
        final StringBuilder escaped = new StringBuilder();
        text.chars().forEach(c -> escaped.append(upperHex ? "\\u%04X".formatted(c) : "\\u%04x".formatted(c)));
        return escaped.toString();
    }

    // 4. Request Timeout

    @Test
    void aServerTricklingTheBodyFailsWithinTheRequestTimeoutAsTransient() {
        final OkHttpClient limited = HttpSettings.direct(Duration.ofSeconds(5), Duration.ofSeconds(30), 1)
                .withRequestTimeout(Duration.ofSeconds(1)).newClient();
        server.enqueue(new MockResponse.Builder().code(200).body(new TricklingBody(StatsPages.page(3, 0, 5, false), Duration.ofMillis(50))).build());
        final long started = System.nanoTime();

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> client(limited).fetchPage(REQUEST));

        final Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(Failure.TRANSIENT, e.getFailure());
        assertTrue(e.getFailure().isRetryable());
        assertEquals("Page 3: no complete response within the request timeout of 1s", e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
        limited.dispatcher().executorService().shutdown();
    }

    /**
     * Cancelled while waiting for the response headers: OkHttp's dispatcher forgets a synchronous call once execute()
     * returns, so cancelAll() reaches a call only until its headers arrive (a body being read is bounded by the timeouts).
     */
    @Test
    void aCancelledCallIsStillInterruptedNotATimeout() throws Exception {
        final CountDownLatch waitingForHeaders = new CountDownLatch(1);
        final OkHttpClient limited = HttpSettings.direct(Duration.ofSeconds(5), Duration.ofSeconds(30), 1)
                .withRequestTimeout(Duration.ofSeconds(30)).newClient().newBuilder()
                .eventListener(new EventListener() {
                    @Override
                    public void requestBodyEnd(final Call call, final long byteCount) {
                        waitingForHeaders.countDown();
                    }

                }).build();
        server.enqueue(new MockResponse.Builder().code(200).body(StatsPages.page(3, 0, 5, false)).onResponseStart(SocketEffect.Stall.INSTANCE).build());
        final SaleshandyClient<Void> client = client(limited);
        final CompletableFuture<SaleshandyApiException> failure = CompletableFuture.supplyAsync(() -> {
            try {
                client.fetchPage(REQUEST);
                return null;
            } catch (final SaleshandyApiException e) {
                return e;
            }
        });
        assertTrue(waitingForHeaders.await(10, TimeUnit.SECONDS));

        limited.dispatcher().cancelAll();

        final SaleshandyApiException e = failure.get(10, TimeUnit.SECONDS);
        assertEquals(Failure.INTERRUPTED, e.getFailure());
        assertEquals("Page 3: request cancelled", e.getMessage());
        limited.dispatcher().executorService().shutdown();
    }

    /** OkHttp, written in Kotlin, throws an InterruptedException it does not declare when a cancel interrupts it while connecting. */
    @Test
    void anInterruptedExceptionOkHttpThrowsUndeclaredIsACancelledRequest() {
        final OkHttpClient interrupted = http.newBuilder().addInterceptor(chain -> throwUndeclared(new InterruptedException())).build();

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> client(interrupted).fetchPage(REQUEST));

        assertEquals(Failure.INTERRUPTED, e.getFailure());
        assertEquals("Page 3: request cancelled", e.getMessage());
        assertTrue(Thread.interrupted(), "the thread is still marked interrupted");
    }

    @Test
    void httpSettingsPutTheRequestTimeoutOnTheCall() {
        final OkHttpClient built = HttpSettings.direct(Duration.ofSeconds(1), Duration.ofSeconds(1), 1).withRequestTimeout(Duration.ofSeconds(42)).newClient();

        assertEquals(42_000, built.callTimeoutMillis());
    }

    // 5. Body size, whatever the transfer encoding

    @Test
    void aChunkedBodyLargerThanTheLimitFailsCleanlyAsMalformed() {
        final String body = StatsPages.page(3, 0, 20, false);
        assertTrue(body.length() > 4096);
        server.enqueue(new MockResponse.Builder().code(200).chunkedBody(body, 100).build());
        final SaleshandyClient<Void> small = new SaleshandyClient<>(http, server.url("/"), KEY, new JsonFactory(), CLOCK,
                StatsPageParser.verbatim(new JsonFactory()), 1024);

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> small.fetchPage(REQUEST));

        assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
        assertEquals("Page 3: the response is larger than the 1 KiB limit", e.getMessage());
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).chunkedBody(StatsPages.page(3, 0, 20, false), 100).build());
        final SaleshandyClient<Void> large = new SaleshandyClient<>(http, server.url("/"), KEY, new JsonFactory(), CLOCK,
                StatsPageParser.verbatim(new JsonFactory()), 64 * 1024);

        assertEquals(20, large.fetchPage(REQUEST).recordCount());
    }

    @Test
    void aDeclaredContentLengthAboveTheLimitFailsBeforeReading() {
        server.enqueue(SaleshandyClientTest.json(200, StatsPages.page(3, 0, 20, false)));
        final SaleshandyClient<Void> small = new SaleshandyClient<>(http, server.url("/"), KEY, new JsonFactory(), CLOCK,
                StatsPageParser.verbatim(new JsonFactory()), 1024);

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> small.fetchPage(REQUEST));

        assertEquals("Page 3: the response is larger than the 1 KiB limit", e.getMessage());
    }

    // 11. Error bodies of every known shape

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorShapes")
    void errorBodiesOfEveryKnownShapeShowTheirHumanText(final String body, final String expected) {
        server.enqueue(SaleshandyClientTest.json(400, body));

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> client().fetchPage(REQUEST));

        assertEquals(Failure.INVALID_REQUEST, e.getFailure());
        assertEquals("Page 3: HTTP 400: request rejected: " + expected, e.getMessage());
    }

    static Stream<Arguments> errorShapes() {
        return Stream.of(
                Arguments.of("{\"message\":\"Invalid sequence ids\"}", "Invalid sequence ids"),
                Arguments.of("{\"statusCode\":400,\"message\":[\"startDate must be a date\",\"pageLimit must not be greater than 500\"],"
                        + "\"error\":\"Bad Request\"}", "startDate must be a date; pageLimit must not be greater than 500"),
                Arguments.of("{\"error\":\"Bad Request\",\"error_code\":\"E_SEQ_42\",\"error_message\":\"Sequence not found\"}",
                        "Sequence not found (E_SEQ_42)"),
                Arguments.of("{\"error\":\"Bad Request\",\"error_message\":\"Sequence not found\"}", "Sequence not found"),
                Arguments.of("{\"code\":7,\"type\":\"VALIDATION\",\"message\":\"Dates out of range\"}", "Dates out of range"),
                Arguments.of("{\"error\":\"Bad Request\"}", "Bad Request"),
                Arguments.of("plain text, not JSON", "plain text, not JSON"));
    }

    @Test
    void aGatewayErrorOn401ShowsItsMessageWithTheCode() {
        server.enqueue(SaleshandyClientTest.json(401, "{\"error\":\"unauthorized\",\"error_code\":\"401\",\"error_message\":\"Key expired\"}"));

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> client().fetchPage(REQUEST));

        assertEquals(Failure.KEY_REJECTED, e.getFailure());
        assertEquals("Page 3: HTTP 401: API key rejected: Key expired (401)", e.getMessage());
    }

    // 12. A Base URL with a path

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/saleshandy", "/saleshandy/"})
    void aBaseUrlWithAPathKeepsItWithOrWithoutATrailingSlash(final String basePath) throws Exception {
        server.enqueue(SaleshandyClientTest.json(200, StatsPages.page(3, 0, 1, false)));
        final SaleshandyClient<Void> gateway = SaleshandyClient.verbatim(http, server.url(basePath), KEY, new JsonFactory(), CLOCK);

        gateway.fetchPage(REQUEST);

        assertEquals("/saleshandy/v1/analytics/consolidated-stats", server.takeRequest().getUrl().encodedPath());
        assertEquals(server.url("/saleshandy/v1/analytics/consolidated-stats").toString(), gateway.statsUrl());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "/"})
    void aBaseUrlWithoutAPathGetsTheDocumentedPath(final String basePath) throws Exception {
        server.enqueue(SaleshandyClientTest.json(200, StatsPages.page(3, 0, 1, false)));
        final String base = server.url("/").toString();

        SaleshandyClient.verbatim(http, okhttp3.HttpUrl.get(basePath.isEmpty() ? base.substring(0, base.length() - 1) : base), KEY, new JsonFactory(), CLOCK)
                .fetchPage(REQUEST);

        assertEquals("/v1/analytics/consolidated-stats", server.takeRequest().getUrl().encodedPath());
    }

    @SuppressWarnings("unchecked")
    private static <T, E extends Throwable> T throwUndeclared(final Throwable e) throws E {
        throw (E) e;
    }
}
