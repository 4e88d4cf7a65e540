package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.query.DateRangeMode;
import io.github.nifisaleshandy.query.IncrementalState;
import io.github.nifisaleshandy.query.SequenceSelection;
import io.github.nifisaleshandy.record.RecordFormat;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.NumberedPages;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.csv.CSVRecordSetWriter;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The network and the vendor misbehaving. Each scenario proves either that every record of the data set is emitted
 * exactly once, or that the run fails cleanly: nothing emitted, Incremental state unchanged, and an incoming FlowFile
 * routed to failure with the reason. Scenarios run with one and with four requests in flight. Across the whole suite,
 * the API key must appear in no log line, bulletin, attribute, provenance event or exception message.
 */
class FaultInjectionTest {

    static final String KEY = "sh-secret-9f8e7d6c5b4a";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
    private static final LocalDate TODAY = LocalDate.now(CLOCK);
    private static final String IDS = StatsRunners.SEQUENCE_IDS;
    private static final NumberedPages DATA = new NumberedPages(5, 10, 4);
    private static final List<String> EVERYTHING_SHOWN = new ArrayList<>();

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<TestRunner> runners = new ArrayList<>();
    private RecordingSleeper sleeper;
    private MockWebServer server;
    private FakeSaleshandyApi api;

    @BeforeEach
    void setUp() throws Exception {
        sleeper = new RecordingSleeper();
        api = FakeSaleshandyApi.serving(DATA);
        server = api.start();
    }

    @AfterEach
    void collectWhatAUserSees() {
        for (final TestRunner runner : runners) {
            final List<String> shown = SecretScan.shownBy(runner);
            shown.forEach(line -> assertFalse(line.contains(KEY), "the API key leaked: " + line));
            EVERYTHING_SHOWN.addAll(shown);
        }
        server.close();
    }

    @AfterAll
    static void theKeyNeverLeakedAcrossTheSuite() {
        assertTrue(EVERYTHING_SHOWN.size() > 100, "the scan saw too little to mean anything: " + EVERYTHING_SHOWN.size());
        assertTrue(EVERYTHING_SHOWN.stream().anyMatch(line -> line.contains("API key rejected")));
        assertTrue(EVERYTHING_SHOWN.stream().noneMatch(line -> line.contains(KEY)));
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void rateLimitWithRetryAfterInSecondsIsHonouredAndEveryRecordArrivesOnce(final int concurrency) throws Exception {
        api.failNext(2, status(429).setHeader("Retry-After", "2").body("{\"message\":\"Too Many Requests\"}").build());

        assertEveryRecordOnce(runScheduled(concurrency));
        assertTrue(sleeper.waits().contains(Duration.ofSeconds(2)), sleeper.waits().toString());
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void rateLimitWithRetryAfterAsAnHttpDateIsHonouredAndEveryRecordArrivesOnce(final int concurrency) throws Exception {
        final String inSevenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(CLOCK.instant().plusSeconds(7).atZone(ZoneOffset.UTC));
        api.failNext(3, status(429).setHeader("Retry-After", inSevenSeconds).body("{}").build());

        assertEveryRecordOnce(runScheduled(concurrency));
        assertTrue(sleeper.waits().contains(Duration.ofSeconds(7)), sleeper.waits().toString());
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void serviceUnavailableTwiceThenSuccessLosesNothing(final int concurrency) throws Exception {
        api.failNext(2, status(503).body("busy").build(), status(503).body("busy").build());

        assertEveryRecordOnce(runScheduled(concurrency));
        assertEquals(3, api.attempts(2));
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void serviceUnavailableForeverFailsCleanlyAfterBoundedRetries(final int concurrency) throws Exception {
        assertFailsCleanly(concurrency, api -> api.failAlways(2, status(503).body("busy").build()),
                "Page 2: HTTP 503: Saleshandy is unavailable: busy (still failing after 3 retries)");
        assertEquals(4, api.attempts(2), "1 attempt + Max Retries 3");
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void badGatewayWithAnHtmlBodyIsRetriedThenSucceeds(final int concurrency) throws Exception {
        api.failNext(4, status(502).setHeader("Content-Type", "text/html").body("<html><body><h1>502 Bad Gateway</h1></body></html>").build());

        assertEveryRecordOnce(runScheduled(concurrency));
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
        api.failNext(2, status(200).body(StatsPages.page(2, 10, 200, true)).onResponseBody(new SocketEffect.CloseSocket()).build());

        assertEveryRecordOnce(runScheduled(concurrency));
        assertEquals(2, api.attempts(2));
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void aReadTimeoutOnOnePageIsRetriedAndLosesNothing(final int concurrency) throws Exception {
        api.failNext(3, status(200).body(DATA.body(3)).onResponseStart(SocketEffect.Stall.INSTANCE).build());

        final TestRunner runner = runner(concurrency);
        // Short enough to keep the test quick, long enough that no healthy page times out on a loaded machine.
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.READ_TIMEOUT, "2 sec");
        runner.run();

        assertEveryRecordOnce(runner);
        assertEquals(2, api.attempts(3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "not JSON|<html>maintenance</html>|Page 2: the response is not valid JSON",
        "truncated JSON|{\"payload\":{\"data\":[{\"Sequence Id\":\"a\"}|Page 2: the response is not valid JSON",
        "payload missing|{\"message\":\"ok\"}|Page 2: the response has no 'payload' object",
        "data not an array|{\"payload\":{\"data\":{\"Sequence Id\":\"a\"},\"hasMore\":false}}|Page 2: 'payload.data' is not an array"
    })
    void aMalformedResponseFailsCleanlyNamingThePage(final String name, final String body, final String reason) throws Exception {
        assertFailsCleanly(1, api -> api.failAlways(2, status(200).body(body).build()), reason);
        assertEquals(1, api.attempts(2), "a malformed page is not retried");
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void anInvalidTokenSaysTheKeyWasRejectedWithoutRetrying(final int concurrency) throws Exception {
        assertFailsCleanly(concurrency, api -> api.failAlways(1, status(400).body("{\"message\":\"1001: Invalid token\"}").build()),
                "Page 1: HTTP 400: API key rejected: 1001: Invalid token");
        assertEquals(1, api.attempts(1));
        assertEquals(List.of(), sleeper.waits());
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void anotherBadRequestShowsTheApisMessageWithoutRetrying(final int concurrency) throws Exception {
        assertFailsCleanly(concurrency, api -> api.failAlways(1, status(400).body("{\"message\":\"Invalid sequence ids\"}").build()),
                "Page 1: HTTP 400: request rejected: Invalid sequence ids");
        assertEquals(1, api.attempts(1));
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void hasMoreForeverWithTheSameNextPageNumberIsStoppedByTheLoopGuard(final int concurrency) throws Exception {
        assertFailsCleanly(concurrency, api -> api.failAlways(1, status(200).body(StatsPages.envelope("[" + StatsPages.record(0) + "]", true, 1)).build()),
                "Paging stopped: page 1 says hasMore but its nextPageNumber is 1");
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void anEmptyPageWithHasMoreIsPassedOverAndEveryRecordAfterItArrivesOnce(final int concurrency) throws Exception {
        api.failAlways(3, status(200).body(StatsPages.envelope("[]", true, 4)).build());

        final TestRunner runner = runScheduled(concurrency);

        final List<String> withoutPage3 = new ArrayList<>(DATA.recipients());
        withoutPage3.subList(20, 30).clear();
        assertEquals(withoutPage3, sorted(recipients(runner)));
        assertEquals(List.of(), runner.getLogger().getErrorMessages());
        final String warnings = runner.getLogger().getWarnMessages().toString();
        assertTrue(warnings.contains("1 empty page said hasMore: true and paging went on past it (page 3)"), warnings);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"JSON as returned", "CSV"})
    void unicodeQuotesCommasAndNewlinesSurviveIntoJsonAndCsv(final String output) throws Exception {
        final Map<String, String> tricky = Map.of(
                "Sequence Title", "Comma, \"quoted\" and\r\nCRLF",
                "Recipient name", "Zoë \"Q\" O'Brien, Jr.\nsecond line — 日本語 🚀",
                "Last Link Clicked", "https://x.example/?a=1,b=2&c=\"3\"",
                "Current Sentiment", "\\backslash\\ and \ttab");
        final Map<String, Object> record = new LinkedHashMap<>(mapper.readValue(StatsPages.record(0), Map.class));
        record.putAll(tricky);
        api.failAlways(1, status(200).body(StatsPages.envelope(mapper.writeValueAsString(List.of(record)), false, 1)).build());

        final TestRunner runner = runner(1);
        if (output.equals("CSV")) {
            final CSVRecordSetWriter csv = new CSVRecordSetWriter();
            runner.addControllerService("csv", csv);
            runner.setProperty(csv, "CSV Format", "rfc-4180");
            runner.enableControllerService(csv);
            runner.setProperty(SaleshandyProperties.RECORD_FORMAT, RecordFormat.NORMALIZED_FLAT);
            runner.setProperty(SaleshandyProperties.RECORD_WRITER, "csv");
        }
        runner.run();

        final String content = runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS).getFirst().getContent();
        if (output.equals("CSV")) {
            try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(content))) {
                final CSVRecord row = parser.getRecords().getFirst();
                assertEquals(tricky.get("Sequence Title"), row.get("sequence_title"));
                assertEquals(tricky.get("Recipient name"), row.get("recipient_name"));
                assertEquals(tricky.get("Last Link Clicked"), row.get("last_link_clicked"));
                assertEquals(tricky.get("Current Sentiment"), row.get("current_sentiment"));
            }
        } else {
            final JsonNode row = mapper.readTree(content).get(0);
            tricky.forEach((field, value) -> assertEquals(value, row.get(field).textValue(), field));
        }
    }

    @Test
    void twoThousandSequenceIdsGoInOneRequestOfSaneSize() throws Exception {
        final List<String> ids = IntStream.range(0, 2000).mapToObj(i -> "sq%08d".formatted(i)).toList();
        final TestRunner runner = runner(1);
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, String.join(",", ids));
        api.failAlways(1, status(200).body(DATA.body(5)).build());

        runner.run();

        final RecordedRequest request = server.takeRequest();
        final JsonNode body = mapper.readTree(request.getBody().utf8());
        final List<String> sent = new ArrayList<>();
        body.get("sequenceIds").forEach(id -> sent.add(id.textValue()));
        assertEquals(ids, sent);
        assertTrue(request.getBodySize() < 40_000, "body of " + request.getBodySize() + " bytes");
        assertEquals(1, runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS).size());
    }

    private TestRunner runScheduled(final int concurrency) {
        final TestRunner runner = runner(concurrency);
        runner.run();
        return runner;
    }

    private TestRunner runner(final int concurrency) {
        return configured(StatsRunners.scheduled(server, CLOCK, sleeper), concurrency);
    }

    /** FetchSaleshandyStats, for a run driven by an incoming FlowFile whose ids attribute names the sequences. */
    private TestRunner fetchRunner(final int concurrency) {
        return configured(StatsRunners.fetching(server, CLOCK, sleeper), concurrency);
    }

    private TestRunner configured(final TestRunner runner, final int concurrency) {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.API_KEY, KEY);
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusDays(20).toString());
        runner.setProperty(SaleshandyProperties.END_DATE, TODAY.toString());
        runner.setProperty(SaleshandyProperties.CONCURRENT_REQUESTS, String.valueOf(concurrency));
        runners.add(runner);
        return runner;
    }

    /** Fails the same way twice: as a scheduled Incremental run of Get and as a run of Fetch driven by an incoming FlowFile. */
    private void assertFailsCleanly(final int concurrency, final Consumer<FakeSaleshandyApi> faults, final String reason) throws Exception {
        api.reset();
        faults.accept(api);
        final TestRunner scheduled = runner(concurrency);
        scheduled.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.INCREMENTAL);
        scheduled.setProperty(SaleshandyProperties.INITIAL_START_DATE, TODAY.minusDays(20).toString());
        final Map<String, String> before = Map.of(IncrementalState.LAST_END_DATE_KEY, TODAY.minusDays(3).toString(),
                IncrementalState.QUERY_FINGERPRINT_KEY, IncrementalState.fingerprint(server.url("/").toString(), DateRangeMode.INCREMENTAL,
                        SequenceSelection.given(List.of(IDS.split(","))), TODAY.minusDays(20)));
        scheduled.getStateManager().setState(before, Scope.CLUSTER);
        scheduled.run();
        assertEquals(0, scheduled.getFlowFilesForRelationship(StatsRelationships.SUCCESS).size(), "nothing emitted");
        assertEquals(before, scheduled.getStateManager().getState(Scope.CLUSTER).toMap(), "state unchanged");
        final String errors = scheduled.getLogger().getErrorMessages().toString();
        assertTrue(errors.contains(reason), "error bulletin should say '" + reason + "', was: " + errors);

        api.reset();
        faults.accept(api);
        final TestRunner driven = fetchRunner(concurrency);
        driven.enqueue("", Map.of("ids", IDS));
        driven.run();
        assertEquals(0, driven.getFlowFilesForRelationship(StatsRelationships.SUCCESS).size(), "nothing emitted");
        assertEquals(0, driven.getFlowFilesForRelationship(StatsRelationships.ORIGINAL).size());
        final MockFlowFile failed = driven.getFlowFilesForRelationship(StatsRelationships.FAILURE).getFirst();
        assertTrue(failed.getAttribute("saleshandy.error.message").contains(reason), failed.getAttribute("saleshandy.error.message"));
        assertTrue(failed.isPenalized());
    }

    private void assertEveryRecordOnce(final TestRunner runner) throws Exception {
        assertEquals(DATA.recipients(), sorted(recipients(runner)));
        assertEquals(List.of(), runner.getLogger().getErrorMessages());
    }

    private List<String> recipients(final TestRunner runner) throws Exception {
        final List<String> recipients = new ArrayList<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS)) {
            mapper.readTree(flowFile.getContent()).forEach(record -> recipients.add(record.get("Recipient Email").textValue()));
        }
        return recipients;
    }

    private static List<String> sorted(final List<String> recipients) {
        return recipients.stream().sorted((a, b) -> Integer.compare(number(a), number(b))).collect(Collectors.toList());
    }

    private static int number(final String recipient) {
        return Integer.parseInt(recipient.substring("recipient".length(), recipient.indexOf('@')));
    }

    private static MockResponse.Builder status(final int code) {
        return new MockResponse.Builder().code(code);
    }
}
