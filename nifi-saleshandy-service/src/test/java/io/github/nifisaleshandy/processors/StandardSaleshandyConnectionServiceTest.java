package io.github.nifisaleshandy.processors;

import static io.github.nifisaleshandy.processors.ServiceTestKit.KEY;
import static io.github.nifisaleshandy.processors.ServiceTestKit.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.SequencesPage;
import io.github.nifisaleshandy.service.SequencesQuery;
import io.github.nifisaleshandy.service.StatsPage;
import io.github.nifisaleshandy.service.StatsQuery;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.SecretScan;
import io.github.nifisaleshandy.testapi.SequencePages;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.util.MockConfigurationContext;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockComponentLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The service as processors use it: connected through the contract, talking HTTP to the fake API on loopback.
 */
class StandardSaleshandyConnectionServiceTest {

    private static final DateWindow NOVEMBER = new DateWindow(LocalDate.of(2024, 11, 15), LocalDate.of(2024, 11, 19));
    private static final DateWindow DECEMBER = new DateWindow(LocalDate.of(2024, 12, 1), LocalDate.of(2024, 12, 3));

    private static StatsQuery query(final List<DateWindow> windows, final boolean convert) {
        return new StatsQuery(List.of("2dP27N0gZ4", "2dP27NugZ3"), windows, 25, StatsQuery.DEFAULT_MAX_PAGES, RecordFormat.NORMALIZED, convert);
    }

    private static FakeSaleshandyApi threePages() {
        return FakeSaleshandyApi.pagesOf(n -> StatsPages.page(n, (n - 1) * 10, n == 3 ? 4 : 10, n < 3));
    }

    @Test
    void postsTheDocumentedRequestWithTheKeyInXApiKey() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(threePages()); SaleshandyClient client = kit.connect(1)) {
            drain(client.stats(query(List.of(NOVEMBER), true)));

            final RecordedRequest sent = kit.server.takeRequest();
            assertEquals("POST", sent.getMethod());
            assertEquals("/v1/analytics/consolidated-stats", sent.getUrl().encodedPath());
            assertEquals(KEY, sent.getHeaders().get("x-api-key"));
            final JsonNode body = new ObjectMapper().readTree(sent.getBody().utf8());
            assertEquals("[\"2dP27N0gZ4\",\"2dP27NugZ3\"]", body.get("sequenceIds").toString());
            assertEquals("2024-11-15", body.get("startDate").textValue());
            assertEquals("2024-11-19", body.get("endDate").textValue());
            assertEquals(1, body.get("pageNum").intValue());
            assertEquals(25, body.get("pageLimit").intValue());
        }
    }

    @Test
    void walksEveryWindowInOrderAndEveryPageInOrderConvertingRecords() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(threePages()); SaleshandyClient client = kit.connect(4)) {
            final List<StatsPage> pages = drain(client.stats(query(List.of(NOVEMBER, DECEMBER), true)));

            assertEquals(List.of(NOVEMBER, NOVEMBER, NOVEMBER, DECEMBER, DECEMBER, DECEMBER), pages.stream().map(StatsPage::window).toList());
            assertEquals(List.of(1, 2, 3, 1, 2, 3), pages.stream().map(StatsPage::pageNumber).toList());
            assertEquals(24, pages.getFirst().recordCount() + pages.get(1).recordCount() + pages.get(2).recordCount());
            assertEquals(10, pages.getFirst().records().size());
            assertEquals(List.of(), kit.warnings);
        }
    }

    @Test
    void withoutConversionAPageCarriesOnlyTheApisJsonByteForByte() throws Exception {
        final String body = StatsPages.page(1, 0, 3, false);
        try (ServiceTestKit kit = new ServiceTestKit(FakeSaleshandyApi.pagesOf(n -> body)); SaleshandyClient client = kit.connect(1)) {
            final StatsPage page = drain(client.stats(query(List.of(NOVEMBER), false))).getFirst();

            final ByteArrayOutputStream json = new ByteArrayOutputStream();
            page.writeJson(json);
            assertEquals(3, page.recordCount());
            assertEquals(List.of(), page.records());
            assertEquals(new ObjectMapper().readTree(body).path("payload").path("data").toString(),
                    new ObjectMapper().readTree(json.toString(StandardCharsets.UTF_8)).toString());
        }
    }

    @Test
    void retriesAfterARateLimitWaitingAsRetryAfterAsks() throws Exception {
        final FakeSaleshandyApi api = threePages().failNext(2, FakeSaleshandyApi.json(429, "{\"message\":\"slow down\"}").setHeader("Retry-After", "7").build());
        try (ServiceTestKit kit = new ServiceTestKit(api); SaleshandyClient client = kit.connect(1)) {
            assertEquals(3, drain(client.stats(query(List.of(NOVEMBER), true))).size());

            assertEquals(2, api.attempts(2));
            assertTrue(kit.sleeper.waits().contains(Duration.ofSeconds(7)), kit.sleeper.waits().toString());
            assertEquals(List.of("1: RATE_LIMITED after PT7S"), kit.retries);
        }
    }

    @Test
    void backsOffOnServerErrorsAndGivesUpAfterMaxRetriesSayingSo() throws Exception {
        final FakeSaleshandyApi api = threePages().failAlways(1, FakeSaleshandyApi.json(503, "{\"message\":\"down\"}").build());
        try (ServiceTestKit kit = new ServiceTestKit(api, Map.of("Max Retries", "2")); SaleshandyClient client = kit.connect(1)) {
            final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(client.stats(query(List.of(NOVEMBER), true))));

            assertEquals(Failure.TRANSIENT, e.getFailure());
            assertTrue(e.getMessage().endsWith("(still failing after 2 retries)"), e.getMessage());
            assertEquals(3, api.attempts(1));
            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), kit.sleeper.waits());
        }
    }

    @Test
    void aClientWithoutRetriesSendsOneRequest() throws Exception {
        final FakeSaleshandyApi api = threePages().failAlways(1, FakeSaleshandyApi.json(503, "{}").build());
        try (ServiceTestKit kit = new ServiceTestKit(api);
             SaleshandyClient client = kit.service.connect(ClientOptions.verify("Verify"))) {
            assertThrows(SaleshandyApiException.class, () -> drain(client.stats(query(List.of(NOVEMBER), true))));

            assertEquals(1, api.attempts(1));
        }
    }

    @Test
    void neverRetriesARejectedKeyAndNeverShowsIt() throws Exception {
        final FakeSaleshandyApi api = threePages().failAlways(FakeSaleshandyApi.json(401, "{\"message\":\"Invalid key " + KEY + "\"}").build());
        try (ServiceTestKit kit = new ServiceTestKit(api); SaleshandyClient client = kit.connect(1)) {
            final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(client.stats(query(List.of(NOVEMBER), true))));

            assertEquals(Failure.KEY_REJECTED, e.getFailure());
            assertEquals(1, api.attempts(1));
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
            assertTrue(e.getMessage().contains("****"), e.getMessage());
            assertEquals("key ****", kit.service.mask("key " + KEY));
        }
    }

    @Test
    void refusesARedirectNamingOnlyItsHost() throws Exception {
        final FakeSaleshandyApi api = threePages().failAlways(new MockResponse.Builder().code(302)
                .setHeader("Location", "https://elsewhere.example:8443/steal?key=1").build());
        try (ServiceTestKit kit = new ServiceTestKit(api); SaleshandyClient client = kit.connect(1)) {
            final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(client.stats(query(List.of(NOVEMBER), true))));

            assertEquals(Failure.REDIRECTED, e.getFailure());
            assertTrue(e.getMessage().contains("to elsewhere.example:8443"), e.getMessage());
            assertFalse(e.getMessage().contains("steal"), e.getMessage());
        }
    }

    @Test
    void aBodyThatIsNotThePageIsAMalformedResponse() throws Exception {
        final FakeSaleshandyApi api = threePages().answerNext(FakeSaleshandyApi.json(200, "{\"payload\":{\"data\":{}}}").build());
        try (ServiceTestKit kit = new ServiceTestKit(api); SaleshandyClient client = kit.connect(1)) {
            final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(client.stats(query(List.of(NOVEMBER), true))));

            assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
            assertEquals("Page 1: 'payload.data' is not an array", e.getMessage());
        }
    }

    @Test
    void warnsOfEmptyPagesInTheMiddleOfAWindow() throws Exception {
        final FakeSaleshandyApi api = FakeSaleshandyApi.pagesOf(n -> n == 2 ? StatsPages.envelope("[]", true, 3) : StatsPages.page(n, n * 10, 10, n < 3));
        try (ServiceTestKit kit = new ServiceTestKit(api); SaleshandyClient client = kit.connect(1)) {
            assertEquals(2, drain(client.stats(query(List.of(NOVEMBER), true))).size());

            assertEquals(List.of("Saleshandy sent empty pages in the middle of 2024-11-15 to 2024-11-19: "
                    + "1 empty page said hasMore: true and paging went on past it (page 2)"), kit.warnings);
        }
    }

    @Test
    void listsSequencesUntilAShortPage() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(threePages().withSequences(SequencePages.numbered(1, 25))); SaleshandyClient client = kit.connect(1)) {
            final List<SequencesPage> pages = drain(client.sequences(SequencesQuery.everySequence().withMaxPages(5)));

            assertEquals(1, pages.size());
            assertEquals(25, pages.getFirst().sequences().size());
            final RecordedRequest sent = kit.server.takeRequest();
            assertEquals("GET", sent.getMethod());
            assertEquals("1000", sent.getUrl().queryParameter("pageSize"));
            assertEquals("ASC", sent.getUrl().queryParameter("sort"));
            assertEquals("sequence.createdAt", sent.getUrl().queryParameter("sortBy"));
            assertEquals(KEY, sent.getHeaders().get("x-api-key"));
        }
    }

    @Test
    void aFullPageAtMaxPagesFailsTheListingAfterItWasRead() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(threePages().withSequences(SequencePages.numbered(1, 50))); SaleshandyClient client = kit.connect(1)) {
            final SequencesQuery query = new SequencesQuery(10, null, List.of(), null, null, 2);
            final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(client.sequences(query)));

            assertEquals(Failure.TOO_MANY_PAGES, e.getFailure());
            assertTrue(e.getMessage().startsWith("Paging stopped: sequences page 2 is full and Max Pages (2) allows no more"), e.getMessage());
        }
    }

    @Test
    void aPageRepeatingThePreviousOneStopsTheListing() throws Exception {
        final FakeSaleshandyApi api = threePages().withSequences(url -> FakeSaleshandyApi.json(200, SequencePages.page(1, 10)).build());
        try (ServiceTestKit kit = new ServiceTestKit(api); SaleshandyClient client = kit.connect(1)) {
            final SaleshandyApiException e = assertThrows(SaleshandyApiException.class,
                    () -> drain(client.sequences(new SequencesQuery(10, null, List.of(), null, null, 100))));

            assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
            assertTrue(e.getMessage().contains("sequences page 2 repeats page 1"), e.getMessage());
        }
    }

    @Test
    void aConcurrencyCappedGatewayStillYieldsEveryPageInOrder() throws Exception {
        final FakeSaleshandyApi api = FakeSaleshandyApi.pagesOf(n -> StatsPages.page(n, n * 10, 10, n < 24))
                .withConcurrencyCap(2, null).withLatency(Duration.ofMillis(20));
        try (ServiceTestKit kit = new ServiceTestKit(api); SaleshandyClient client = kit.connect(8)) {
            final List<StatsPage> pages = drain(client.stats(query(List.of(NOVEMBER), true)));

            assertEquals(24, pages.size());
            assertEquals(java.util.stream.IntStream.rangeClosed(1, 24).boxed().toList(), pages.stream().map(StatsPage::pageNumber).toList());
            assertTrue(api.refused() <= 16, "429s are bounded: " + api.refused());
        }
    }

    @Test
    void aCancelledClientFailsItsQueriesAsInterruptedAndLeavesOtherClientsAlone() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(threePages()); SaleshandyClient stopped = kit.connect(1); SaleshandyClient other = kit.connect(1)) {
            assertEquals(2, kit.service.openClients());
            stopped.cancel();

            final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(stopped.stats(query(List.of(NOVEMBER), true))));
            assertEquals(Failure.INTERRUPTED, e.getFailure());
            assertTrue(stopped.isCancelled());
            assertEquals(3, drain(other.stats(query(List.of(NOVEMBER), true))).size());
        }
    }

    @Test
    void connectingToADisabledServiceFails() throws Exception {
        final ServiceTestKit kit = new ServiceTestKit(threePages());
        kit.close();

        assertThrows(IllegalStateException.class, () -> kit.connect(1));
    }

    @Test
    void verifyListsOnePageAndReportsReachKeyAndRateLimitHeaders() throws Exception {
        final FakeSaleshandyApi api = threePages().withSequences(url -> FakeSaleshandyApi.json(200, SequencePages.page(1, 3))
                .setHeader("x-ratelimit-remaining", "59").setHeader("x-ratelimit-limit", "60").build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            final List<ConfigVerificationResult> results = verify(kit);

            assertEquals(List.of(Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SKIPPED),
                    results.stream().map(ConfigVerificationResult::getOutcome).toList());
            assertEquals("Listed 3 sequences", results.get(2).getExplanation());
            assertEquals("Saleshandy says 59 requests are left of 60 in the current window", results.get(3).getExplanation());
            assertEquals("Saleshandy sent no Date header; rate-limit resets are read against this host's clock", results.get(4).getExplanation());
            assertEquals("10", kit.server.takeRequest().getUrl().queryParameter("pageSize"));
        }
    }

    @ParameterizedTest(name = "this host {0} ahead")
    @CsvSource(delimiter = '|', value = {
        "-PT5M|Warning: this host's clock is 5 minutes behind Saleshandy's (by its Date header). Rate-limit waits follow Saleshandy's clock, "
                + "so runs are not slowed, but dates relative to today are this host's",
        "PT1H|Warning: this host's clock is 1 hour ahead of Saleshandy's (by its Date header). Rate-limit waits follow Saleshandy's clock, "
                + "so runs are not slowed, but dates relative to today are this host's",
        "PT3S|This host's clock is within 5 seconds of Saleshandy's"
    })
    void verifyReportsAClockOffBySeveralSecondsAsAWarning(final String hostAhead, final String explanation) throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(threePages())) {
            // The kit's clock reads 10:00:00.000; Saleshandy's reads half a second on, within its Date's second.
            kit.api.withRateLimit(20, Duration.ofMinutes(1), kit.sleeper.clock(ServiceTestKit.NOW.minus(Duration.parse(hostAhead)).plusMillis(500)));

            final List<ConfigVerificationResult> results = verify(kit);

            assertEquals(StandardSaleshandyConnectionService.CLOCK, results.getLast().getVerificationStepName());
            assertEquals(List.of(Outcome.SUCCESSFUL), results.stream().map(ConfigVerificationResult::getOutcome).distinct().toList(), results.toString());
            assertEquals(explanation, results.getLast().getExplanation());
        }
    }

    @Test
    void verifyReportsARejectedKeyWithoutShowingIt() throws Exception {
        final FakeSaleshandyApi api = threePages().failSequencesAlways(FakeSaleshandyApi.json(401, "{\"message\":\"bad key " + KEY + "\"}").build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            final List<ConfigVerificationResult> results = verify(kit);

            assertEquals(List.of(StandardSaleshandyConnectionService.REACH, StandardSaleshandyConnectionService.KEY,
                    StandardSaleshandyConnectionService.LIST_SEQUENCES, StandardSaleshandyConnectionService.RATE_LIMIT_HEADERS,
                    StandardSaleshandyConnectionService.CLOCK), results.stream().map(ConfigVerificationResult::getVerificationStepName).toList());
            assertEquals(List.of(Outcome.SUCCESSFUL, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED),
                    results.stream().map(ConfigVerificationResult::getOutcome).toList());
            assertTrue(results.stream().noneMatch(result -> result.getExplanation().contains(KEY)));
        }
    }

    @Test
    void verifyLogsNoKeyThatOkHttpQuotedInTheCauseOfAFailure() throws Exception {
        final FakeSaleshandyApi api = threePages().failSequencesAlways(new MockResponse.Builder().status("HTTP/1.1 2x0 " + KEY).body("{}").build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            final MockComponentLog log = new MockComponentLog("verify", kit.service);
            final List<ConfigVerificationResult> results = verify(kit, log);

            assertEquals(Outcome.FAILED, results.getFirst().getOutcome(), results.toString());
            final StringBuilder logged = new StringBuilder();
            for (final LogMessage message : log.getWarnMessages()) {
                logged.append(message.getMsg());
                final List<Object> shown = new ArrayList<>(message.getArgs() == null ? List.of() : List.of(message.getArgs()));
                shown.add(message.getThrowable());
                for (final Object argument : shown) {
                    for (Object cause = argument; cause != null; cause = cause instanceof Throwable thrown ? thrown.getCause() : null) {
                        logged.append(' ').append(cause);
                    }
                }
            }
            assertTrue(logged.toString().contains("Unexpected status line"), logged.toString());
            SecretScan.assertNotIn(logged.toString(), KEY);
        }
    }

    private static List<ConfigVerificationResult> verify(final ServiceTestKit kit) {
        return verify(kit, new MockComponentLog("verify", kit.service));
    }

    private static List<ConfigVerificationResult> verify(final ServiceTestKit kit, final MockComponentLog log) {
        final Map<org.apache.nifi.components.PropertyDescriptor, String> properties = Map.of(
                ConnectionProperties.BASE_URL, FakeSaleshandyApi.baseUrl(kit.server), ConnectionProperties.API_KEY, KEY);
        return kit.service.verify(new MockConfigurationContext(kit.service, properties, null, Map.of()), log, Map.of());
    }
}
