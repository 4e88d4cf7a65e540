package io.github.nifisaleshandy.processors;

import static io.github.nifisaleshandy.processors.ServiceTestKit.KEY;
import static io.github.nifisaleshandy.processors.ServiceTestKit.NOW;
import static io.github.nifisaleshandy.processors.ServiceTestKit.WINDOW;
import static io.github.nifisaleshandy.processors.ServiceTestKit.query;
import static io.github.nifisaleshandy.processors.ServiceTestKit.recipients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.StatsPage;
import io.github.nifisaleshandy.service.StatsQuery;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.NumberedPages;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.apache.nifi.serialization.record.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The network and the vendor misbehaving, with one and with four requests in flight. Each scenario proves either that
 * every record of the data set arrives exactly once, or that the query fails with the reason a user needs. Across the
 * whole suite the API key appears in no exception message, retry or warning the service hands a processor.
 */
class FaultInjectionTest {

    private static final NumberedPages DATA = new NumberedPages(5, 10, 4);
    private static final List<String> EVERYTHING_SHOWN = new CopyOnWriteArrayList<>();

    private static MockResponse.Builder status(final int code) {
        return new MockResponse.Builder().code(code);
    }

    @AfterAll
    static void theKeyNeverLeakedAcrossTheSuite() {
        assertTrue(EVERYTHING_SHOWN.size() > 20, "the scan saw too little to mean anything: " + EVERYTHING_SHOWN.size());
        assertTrue(EVERYTHING_SHOWN.stream().anyMatch(line -> line.contains("API key rejected")));
        assertTrue(EVERYTHING_SHOWN.stream().noneMatch(line -> line.contains(KEY)), EVERYTHING_SHOWN.toString());
    }

    /** Every record arrives once, in order, with no failure, when the API behaves as {@code faults} make it. */
    private static ServiceTestKit assertEveryRecordOnce(final int concurrency, final Consumer<FakeSaleshandyApi> faults,
                                                        final Map<String, String> settings) throws Exception {
        final FakeSaleshandyApi api = FakeSaleshandyApi.serving(DATA);
        faults.accept(api);
        try (ServiceTestKit kit = new ServiceTestKit(api, settings)) {
            assertEquals(DATA.recipients(), recipients(kit.stats(concurrency, query())));
            shown(kit, null);
            return kit;
        }
    }

    /** The query fails, with {@code reason} in its message, when the API behaves as {@code faults} make it. */
    private static ServiceTestKit assertFailsCleanly(final int concurrency, final Consumer<FakeSaleshandyApi> faults, final String reason) throws Exception {
        final FakeSaleshandyApi api = FakeSaleshandyApi.serving(DATA);
        faults.accept(api);
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            final SaleshandyApiException e = kit.statsFailure(concurrency, query());
            assertTrue(e.getMessage().contains(reason), "should say '" + reason + "', was: " + e.getMessage());
            shown(kit, e);
            return kit;
        }
    }

    private static void shown(final ServiceTestKit kit, final SaleshandyApiException failure) {
        EVERYTHING_SHOWN.addAll(kit.retries);
        EVERYTHING_SHOWN.addAll(kit.warnings);
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            EVERYTHING_SHOWN.add(String.valueOf(cause.getMessage()));
        }
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void rateLimitWithRetryAfterInSecondsIsHonouredAndEveryRecordArrivesOnce(final int concurrency) throws Exception {
        final ServiceTestKit kit = assertEveryRecordOnce(concurrency,
                api -> api.failNext(2, status(429).setHeader("Retry-After", "2").body("{\"message\":\"Too Many Requests\"}").build()), Map.of());
        assertTrue(kit.sleeper.waits().contains(Duration.ofSeconds(2)), kit.sleeper.waits().toString());
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void rateLimitWithRetryAfterAsAnHttpDateIsHonouredAndEveryRecordArrivesOnce(final int concurrency) throws Exception {
        final String inSevenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(7).atZone(ZoneOffset.UTC));
        final ServiceTestKit kit = assertEveryRecordOnce(concurrency,
                api -> api.failNext(3, status(429).setHeader("Retry-After", inSevenSeconds).body("{}").build()), Map.of());
        assertTrue(kit.sleeper.waits().contains(Duration.ofSeconds(7)), kit.sleeper.waits().toString());
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void serviceUnavailableTwiceThenSuccessLosesNothing(final int concurrency) throws Exception {
        final ServiceTestKit kit = assertEveryRecordOnce(concurrency,
                api -> api.failNext(2, status(503).body("busy").build(), status(503).body("busy").build()), Map.of());
        assertEquals(3, kit.api.attempts(2));
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void serviceUnavailableForeverFailsCleanlyAfterBoundedRetries(final int concurrency) throws Exception {
        final ServiceTestKit kit = assertFailsCleanly(concurrency, api -> api.failAlways(2, status(503).body("busy").build()),
                "Page 2: HTTP 503: Saleshandy is unavailable: busy (still failing after 3 retries)");
        assertEquals(4, kit.api.attempts(2), "1 attempt + Max Retries 3");
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void badGatewayWithAnHtmlBodyIsRetriedThenSucceeds(final int concurrency) throws Exception {
        assertEveryRecordOnce(concurrency, api -> api.failNext(4, status(502).setHeader("Content-Type", "text/html")
                .body("<html><body><h1>502 Bad Gateway</h1></body></html>").build()), Map.of());
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void badGatewayForeverFailsCleanlyQuotingTheHtmlWithoutTheKey(final int concurrency) throws Exception {
        assertFailsCleanly(concurrency, api -> api.failAlways(1, status(502).setHeader("Content-Type", "text/html")
                        .body("<html><body><h1>502 Bad Gateway</h1><p>x-api-key: " + KEY + "</p></body></html>").build()),
                "Page 1: HTTP 502: Saleshandy is unavailable: <html><body><h1>502 Bad Gateway</h1><p>x-api-key: ****</p>");
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void aConnectionResetInTheMiddleOfAPageIsRetriedAndLosesNothing(final int concurrency) throws Exception {
        final ServiceTestKit kit = assertEveryRecordOnce(concurrency, api -> api.failNext(2,
                status(200).body(StatsPages.page(2, 10, 200, true)).onResponseBody(new SocketEffect.CloseSocket()).build()), Map.of());
        assertEquals(2, kit.api.attempts(2));
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void aReadTimeoutOnOnePageIsRetriedAndLosesNothing(final int concurrency) throws Exception {
        // Short enough to keep the test quick, long enough that no healthy page times out on a loaded machine.
        final ServiceTestKit kit = assertEveryRecordOnce(concurrency, api -> api.failNext(3,
                status(200).body(DATA.body(3)).onResponseStart(SocketEffect.Stall.INSTANCE).build()), Map.of("Read Timeout", "2 sec"));
        assertEquals(2, kit.api.attempts(3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "not JSON|<html>maintenance</html>|Page 2: the response is not valid JSON",
        "truncated JSON|{\"payload\":{\"data\":[{\"Sequence Id\":\"a\"}|Page 2: the response is not valid JSON",
        "payload missing|{\"message\":\"ok\"}|Page 2: the response has no 'payload' object",
        "data not an array|{\"payload\":{\"data\":{\"Sequence Id\":\"a\"},\"hasMore\":false}}|Page 2: 'payload.data' is not an array"
    })
    void aMalformedResponseFailsCleanlyNamingThePageWithoutRetrying(final String name, final String body, final String reason) throws Exception {
        final ServiceTestKit kit = assertFailsCleanly(1, api -> api.failAlways(2, status(200).body(body).build()), reason);
        assertEquals(1, kit.api.attempts(2), "a malformed page is not retried");
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void anInvalidTokenSaysTheKeyWasRejectedWithoutRetrying(final int concurrency) throws Exception {
        final ServiceTestKit kit = assertFailsCleanly(concurrency, api -> api.failAlways(1, status(400).body("{\"message\":\"1001: Invalid token\"}").build()),
                "Page 1: HTTP 400: API key rejected: 1001: Invalid token");
        assertEquals(1, kit.api.attempts(1));
        assertEquals(List.of(), kit.sleeper.waits());
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void anotherBadRequestShowsTheApisMessageWithoutRetrying(final int concurrency) throws Exception {
        final ServiceTestKit kit = assertFailsCleanly(concurrency, api -> api.failAlways(1, status(400).body("{\"message\":\"Invalid sequence ids\"}").build()),
                "Page 1: HTTP 400: request rejected: Invalid sequence ids");
        assertEquals(1, kit.api.attempts(1));
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void hasMoreForeverWithTheSameNextPageNumberIsStoppedByTheLoopGuard(final int concurrency) throws Exception {
        final ServiceTestKit kit = assertFailsCleanly(concurrency, api -> api.failAlways(1,
                status(200).body(StatsPages.envelope("[" + StatsPages.record(0) + "]", true, 1)).build()),
                "Paging stopped: page 1 says hasMore but its nextPageNumber is 1");
        assertEquals(1, kit.api.attempts(1));
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void anEmptyPageWithHasMoreIsPassedOverAndEveryRecordAfterItArrivesOnce(final int concurrency) throws Exception {
        final FakeSaleshandyApi api = FakeSaleshandyApi.serving(DATA).failAlways(3, status(200).body(StatsPages.envelope("[]", true, 4)).build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            final List<String> withoutPage3 = new ArrayList<>(DATA.recipients());
            withoutPage3.subList(20, 30).clear();

            assertEquals(withoutPage3, recipients(kit.stats(concurrency, query())));
            assertEquals(1, kit.warnings.size(), kit.warnings.toString());
            assertTrue(kit.warnings.getFirst().contains("1 empty page said hasMore: true and paging went on past it (page 3)"), kit.warnings.toString());
            shown(kit, null);
        }
    }

    @Test
    void unicodeQuotesCommasAndNewlinesSurviveIntoTheJsonAndTheRecords() throws Exception {
        final ObjectMapper mapper = new ObjectMapper();
        final Map<String, String> tricky = Map.of(
                "Sequence Title", "Comma, \"quoted\" and\r\nCRLF",
                "Recipient name", "Zoë \"Q\" O'Brien, Jr.\nsecond line — 日本語 🚀",
                "Last Link Clicked", "https://x.example/?a=1,b=2&c=\"3\"",
                "Current Sentiment", "\\backslash\\ and \ttab");
        @SuppressWarnings("unchecked")
        final Map<String, Object> record = new LinkedHashMap<>(mapper.readValue(StatsPages.record(0), Map.class));
        record.putAll(tricky);
        final String body = StatsPages.envelope(mapper.writeValueAsString(List.of(record)), false, 1);
        try (ServiceTestKit kit = new ServiceTestKit(FakeSaleshandyApi.pagesOf(n -> body))) {
            final StatsQuery asReturned = query();
            final StatsPage page = kit.stats(1, asReturned).getFirst();
            final ByteArrayOutputStream json = new ByteArrayOutputStream();
            page.writeJson(json);
            final JsonNode row = mapper.readTree(json.toString(StandardCharsets.UTF_8)).get(0);
            tricky.forEach((field, value) -> assertEquals(value, row.get(field).textValue(), field));

            final StatsQuery flat = new StatsQuery(List.of("seqA"), List.of(WINDOW), 10, 10, RecordFormat.NORMALIZED_FLAT, true);
            final Record converted = kit.stats(1, flat).getFirst().records().getFirst();
            assertEquals(tricky.get("Sequence Title"), converted.getAsString("sequence_title"));
            assertEquals(tricky.get("Recipient name"), converted.getAsString("recipient_name"));
            assertEquals(tricky.get("Last Link Clicked"), converted.getAsString("last_link_clicked"));
            assertEquals(tricky.get("Current Sentiment"), converted.getAsString("current_sentiment"));
        }
    }

    @Test
    void twoThousandSequenceIdsGoInOneRequestOfSaneSize() throws Exception {
        final List<String> ids = IntStream.range(0, 2000).mapToObj(i -> "sq%08d".formatted(i)).toList();
        try (ServiceTestKit kit = new ServiceTestKit(FakeSaleshandyApi.serving(new NumberedPages(1, 10, 10)))) {
            assertEquals(1, kit.stats(1, new StatsQuery(ids, List.of(WINDOW), 10, 10, RecordFormat.AS_RETURNED, false)).size());

            final RecordedRequest request = kit.server.takeRequest();
            final List<String> sent = new ArrayList<>();
            new ObjectMapper().readTree(request.getBody().utf8()).get("sequenceIds").forEach(id -> sent.add(id.textValue()));
            assertEquals(ids, sent);
            assertTrue(request.getBodySize() < 40_000, "body of " + request.getBodySize() + " bytes");
            assertFalse(request.getBody().utf8().contains(KEY));
        }
    }
}
