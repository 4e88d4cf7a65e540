package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.query.DateRangeMode;
import io.github.nifisaleshandy.query.IncrementalState;
import io.github.nifisaleshandy.query.SequenceSelection;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.SequencePages;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GetSaleshandyStats with Sequence IDs empty: every (active) sequence of the account, listed through a fake
 * {@code GET /v1/sequences} at the start of each run, and their statistics from the fake stats endpoint.
 */
class GetSaleshandyStatsEverySequenceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC);
    private static final String SEQUENCES_PATH = "/v1/sequences";
    private static final String KEY = "sh-every-7c2d9e";

    private final ObjectMapper mapper = new ObjectMapper();
    /** The account: its sequences at {@code GET /v1/sequences}, as each test sets them, and three records of statistics per query. */
    private final FakeSaleshandyApi api = FakeSaleshandyApi.pagesOf(page -> StatsPages.page(page, 0, 3, false));
    @AutoClose
    private final MockWebServer server = StatsRunners.startedServer();
    private final TestRunner runner = StatsRunners.scheduled(server, CLOCK, new RecordingSleeper());

    @BeforeEach
    void setUp() {
        server.setDispatcher(api);
        runner.removeProperty(SaleshandyProperties.SEQUENCE_IDS);
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.API_KEY, KEY);
    }

    @Test
    void emptySequenceIdsListsTheAccountAndQueriesExactlyItsActiveSequences() throws Exception {
        api.withSequences(SequencePages.numbered(1, 5));

        runner.run();

        final RecordedRequest listing = server.takeRequest();
        assertEquals("GET", listing.getMethod());
        assertEquals(SEQUENCES_PATH, listing.getUrl().encodedPath());
        assertEquals("1000", listing.getUrl().queryParameter("pageSize"));
        assertEquals(KEY, listing.getHeaders().get("x-api-key"));
        final JsonNode statsRequest = mapper.readTree(server.takeRequest().getBody().utf8());
        assertEquals(List.of("seq-1", "seq-2", "seq-4", "seq-5"), ids(statsRequest), "seq-3 is inactive");
        assertEquals(2, server.getRequestCount());
        final MockFlowFile output = runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS).getFirst();
        output.assertAttributeEquals(SaleshandyAttributes.SEQUENCE_IDS, "seq-1,seq-2,seq-4,seq-5");
    }

    @Test
    void activeOnlyFalseAlsoQueriesInactiveSequences() throws Exception {
        api.withSequences(SequencePages.numbered(1, 5));
        runner.setProperty(SaleshandyProperties.GET_ACTIVE_ONLY, "false");

        runner.run();

        server.takeRequest();
        assertEquals(List.of("seq-1", "seq-2", "seq-3", "seq-4", "seq-5"), ids(mapper.readTree(server.takeRequest().getBody().utf8())));
    }

    @Test
    void aSequenceCreatedBetweenTwoIncrementalRunsIsFetchedWhileThePositionContinues() throws Exception {
        useIncremental();
        api.withSequences(SequencePages.numbered(1, 4));

        runner.run();

        server.takeRequest();
        final JsonNode first = mapper.readTree(server.takeRequest().getBody().utf8());
        assertEquals(List.of("seq-1", "seq-2", "seq-4"), ids(first));
        assertEquals("2026-02-01", first.get("startDate").textValue());
        final Map<String, String> afterFirstRun = runner.getStateManager().getState(Scope.CLUSTER).toMap();
        assertEquals("2026-03-10", afterFirstRun.get(IncrementalState.LAST_END_DATE_KEY));
        assertEquals(IncrementalState.fingerprint(StatsRunners.asWritten(server), DateRangeMode.INCREMENTAL, SequenceSelection.everySequence(true),
                LocalDate.parse("2026-02-01")), afterFirstRun.get(IncrementalState.QUERY_FINGERPRINT_KEY));

        api.withSequences(SequencePages.numbered(1, 5));
        runner.run();

        server.takeRequest();
        final JsonNode second = mapper.readTree(server.takeRequest().getBody().utf8());
        assertEquals(List.of("seq-1", "seq-2", "seq-4", "seq-5"), ids(second), "the new sequence seq-5 is fetched");
        assertEquals("2026-03-09", second.get("startDate").textValue(), "last end 2026-03-10 minus 1 day of Overlap, not Initial Start Date");
        assertEquals("2026-03-10", second.get("endDate").textValue());
        assertEquals(afterFirstRun, runner.getStateManager().getState(Scope.CLUSTER).toMap(), "the fingerprint is unchanged");
    }

    @Test
    void aListingFailureEmitsNothingAndLeavesTheStateUnchanged() throws Exception {
        useIncremental();
        final Map<String, String> before = Map.of(IncrementalState.LAST_END_DATE_KEY, "2026-03-05", IncrementalState.QUERY_FINGERPRINT_KEY,
                IncrementalState.fingerprint(StatsRunners.asWritten(server), DateRangeMode.INCREMENTAL, SequenceSelection.everySequence(true),
                        LocalDate.parse("2026-02-01")));
        runner.getStateManager().setState(before, Scope.CLUSTER);
        api.failSequencesAlways(FakeSaleshandyApi.json(401, "{\"message\":\"Unauthorized\"}").build());

        runner.run();

        assertEquals(1, server.getRequestCount(), "no statistics are requested");
        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        assertEquals(before, runner.getStateManager().getState(Scope.CLUSTER).toMap());
        assertTrue(((MockProcessContext) runner.getProcessContext()).isYieldCalled());
        final String error = GetSaleshandyStatsTest.text(runner.getLogger().getErrorMessages().getFirst());
        assertTrue(error.contains("Sequences page 1: HTTP 401: API key rejected"), error);
    }

    @Test
    void anAccountWithoutActiveSequencesEmitsNothingAndSucceeds() throws Exception {
        useIncremental();
        api.withSequences(SequencePages.numbered(3, 1));

        runner.run();

        assertEquals(1, server.getRequestCount(), "only the listing");
        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        assertEquals(Map.of(), runner.getStateManager().getState(Scope.CLUSTER).toMap());
        assertEquals(List.of(), runner.getLogger().getErrorMessages());
        assertFalse(((MockProcessContext) runner.getProcessContext()).isYieldCalled());
        assertTrue(runner.getLogger().getInfoMessages().stream().map(GetSaleshandyStatsTest::text)
                .anyMatch(info -> info.contains("The account has no active sequences (1 sequences listed on 1 page, 0 of them active)")));
    }

    @Test
    void verifyWithEmptySequenceIdsReportsTheListingThenTheFirstPageOfItsSequences() throws Exception {
        api.withSequences(SequencePages.numbered(1, 5));

        final List<ConfigVerificationResult> results = verify();

        assertEquals(List.of(StatsVerifier.CONFIGURATION, StatsVerifier.REACH, StatsVerifier.KEY, StatsVerifier.LIST_SEQUENCES, StatsVerifier.FIRST_PAGE),
                results.stream().map(ConfigVerificationResult::getVerificationStepName).toList());
        assertTrue(results.stream().allMatch(result -> result.getOutcome() == Outcome.SUCCESSFUL), results.toString());
        assertTrue(results.get(0).getExplanation().startsWith("Every active sequence of the account from "), results.get(0).getExplanation());
        assertEquals("5 sequences listed on 1 page, 4 of them active", results.get(3).getExplanation());
        assertEquals(SEQUENCES_PATH, server.takeRequest().getUrl().encodedPath());
        final JsonNode statsRequest = mapper.readTree(server.takeRequest().getBody().utf8());
        assertEquals(List.of("seq-1", "seq-2", "seq-4", "seq-5"), ids(statsRequest));
        assertEquals(10, statsRequest.get("pageLimit").intValue());
    }

    @Test
    void verifySaysTheListingFailedAndSkipsTheFirstPage() {
        api.failSequencesAlways(FakeSaleshandyApi.json(401, "{\"message\":\"Unauthorized\"}").build());

        final List<ConfigVerificationResult> results = verify();

        assertEquals(List.of(Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED),
                results.stream().map(ConfigVerificationResult::getOutcome).toList(), results.toString());
        assertEquals("The sequences could not be listed", results.get(4).getExplanation());
        assertEquals(1, server.getRequestCount());
    }

    private List<ConfigVerificationResult> verify() {
        return ((VerifiableProcessor) runner.getProcessor()).verify(runner.getProcessContext(), runner.getLogger(), Map.of());
    }

    private void useIncremental() {
        runner.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.INCREMENTAL);
        runner.setProperty(SaleshandyProperties.INITIAL_START_DATE, "2026-02-01");
    }

    private static List<String> ids(final JsonNode statsRequest) {
        final List<String> ids = new ArrayList<>();
        statsRequest.get("sequenceIds").forEach(id -> ids.add(id.textValue()));
        return ids;
    }
}
