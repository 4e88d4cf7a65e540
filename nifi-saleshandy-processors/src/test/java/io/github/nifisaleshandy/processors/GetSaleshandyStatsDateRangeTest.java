package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.query.DateRangeMode;
import io.github.nifisaleshandy.query.IncrementalState;
import io.github.nifisaleshandy.query.SequenceSelection;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetSaleshandyStatsDateRangeTest {

    /** Late evening in UTC, so that time zones east of UTC are already on the next day. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T23:30:00Z"), ZoneOffset.UTC);
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 10);
    private static final String IDS = StatsRunners.SEQUENCE_IDS;

    private final ObjectMapper mapper = new ObjectMapper();
    @AutoClose
    private final MockWebServer server = StatsRunners.startedServer();
    private final TestRunner runner = StatsRunners.scheduled(server, CLOCK, new RecordingSleeper());

    @BeforeEach
    void setUp() {
        runner.removeProperty(SaleshandyProperties.START_DATE);
    }

    @Test
    void fixedRangesLongerThanAYearAreFetchedAsConsecutiveWindowsInOneRun() throws Exception {
        runner.setProperty(SaleshandyProperties.START_DATE, "2024-03-10");
        runner.setProperty(SaleshandyProperties.END_DATE, "2026-03-10");
        final List<JsonNode> requests = runOnce(page(1, 0, 10, true), page(2, 10, 2, false), page(1, 12, 5, false));

        assertWindow(requests.get(0), "2024-03-10", "2025-03-10", 1);
        assertWindow(requests.get(1), "2024-03-10", "2025-03-10", 2);
        assertWindow(requests.get(2), "2025-03-11", "2026-03-10", 1);
        final List<MockFlowFile> outputs = runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS);
        assertEquals(3, outputs.size());
        outputs.get(0).assertAttributeEquals("saleshandy.start.date", "2024-03-10");
        outputs.get(1).assertAttributeEquals("saleshandy.end.date", "2025-03-10");
        outputs.get(2).assertAttributeEquals("saleshandy.start.date", "2025-03-11");
        outputs.get(2).assertAttributeEquals("saleshandy.end.date", "2026-03-10");
        outputs.get(2).assertAttributeEquals("fragment.index", "2");
        outputs.get(2).assertAttributeEquals("fragment.count", "3");
    }

    @Test
    void rollingWindowReadsTheLastDaysEndingToday() throws Exception {
        runner.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.ROLLING_WINDOW);
        runner.setProperty(SaleshandyProperties.WINDOW_LENGTH, "7 days");
        server.enqueue(page(1, 0, 3, false));
        server.enqueue(page(1, 0, 3, false));

        runner.run(2);

        assertWindow(requests(1).getFirst(), "2026-03-04", "2026-03-10", 1);
        assertWindow(requests(1).getFirst(), "2026-03-04", "2026-03-10", 1);
        assertEquals(2, runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS).size());
        assertEquals(0, runner.getStateManager().getState(Scope.CLUSTER).toMap().size(), "Rolling Window keeps no state");
    }

    @Test
    void rollingWindowOlderThanTwoYearsIsClampedWithAWarning() throws Exception {
        runner.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.ROLLING_WINDOW);
        runner.setProperty(SaleshandyProperties.WINDOW_LENGTH, "1000 days");

        assertRunFetchesTheLastTwoYearsInTwoWindows();
        assertTrue(runner.getLogger().getWarnMessages().toString()
                .contains("Rolling Window mode: start 2023-06-15 is more than 2 years before today (2026-03-10), which Saleshandy does not serve; "
                        + "fetching from 2024-03-10 instead"), runner.getLogger().getWarnMessages().toString());
    }

    @Test
    void incrementalStartsAtTheInitialDateThenContinuesWithOverlap() throws Exception {
        useIncremental("2026-02-01");
        server.enqueue(page(1, 0, 4, false));

        runner.run();

        assertWindow(requests(1).getFirst(), "2026-02-01", "2026-03-10", 1);
        runner.getStateManager().assertStateEquals(IncrementalState.LAST_END_DATE_KEY, "2026-03-10", Scope.CLUSTER);

        runner.getStateManager().setState(stateAfterARunEndingOn("2026-03-05"), Scope.CLUSTER);
        runner.setProperty(SaleshandyProperties.OVERLAP, "2 days");
        server.enqueue(page(1, 4, 4, false));

        runner.run();

        assertWindow(requests(1).getFirst(), "2026-03-03", "2026-03-10", 1);
        runner.getStateManager().assertStateEquals(IncrementalState.LAST_END_DATE_KEY, "2026-03-10", Scope.CLUSTER);
        runner.getStateManager().assertStateEquals(IncrementalState.QUERY_FINGERPRINT_KEY, fingerprint(IDS, "2026-02-01"), Scope.CLUSTER);
    }

    @Test
    void aFailedRunLeavesTheStateUnchanged() throws Exception {
        useIncremental("2026-02-01");
        final Map<String, String> before = stateAfterARunEndingOn("2026-03-05");
        runner.getStateManager().setState(before, Scope.CLUSTER);
        server.enqueue(page(1, 0, 10, true));
        server.enqueue(new MockResponse.Builder().code(401).body("{\"message\":\"Unauthorized\"}").build());

        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        assertEquals(before, runner.getStateManager().getState(Scope.CLUSTER).toMap());
    }

    @Test
    void changingTheSequenceIdsStartsAgainFromTheInitialDate() throws Exception {
        useIncremental("2026-02-01");
        runner.getStateManager().setState(stateAfterARunEndingOn("2026-03-05"), Scope.CLUSTER);
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "seqA,seqC");
        server.enqueue(page(1, 0, 1, false));

        runner.run();

        assertWindow(requests(1).getFirst(), "2026-02-01", "2026-03-10", 1);
        runner.getStateManager().assertStateEquals(IncrementalState.QUERY_FINGERPRINT_KEY, fingerprint("seqA,seqC", "2026-02-01"), Scope.CLUSTER);
    }

    @Test
    void clearedStateStartsAgainFromTheInitialDate() throws Exception {
        useIncremental("2026-02-01");
        server.enqueue(page(1, 0, 1, false));
        server.enqueue(page(1, 0, 1, false));
        runner.run();
        requests(1);

        runner.getStateManager().clear(Scope.CLUSTER);
        runner.run();

        assertWindow(requests(1).getFirst(), "2026-02-01", "2026-03-10", 1);
    }

    @Test
    void anInitialDateOlderThanTwoYearsIsClampedAndTheRestSplit() throws Exception {
        useIncremental("2020-01-01");

        assertRunFetchesTheLastTwoYearsInTwoWindows();
        assertTrue(runner.getLogger().getWarnMessages().toString().contains("Incremental mode: start 2020-01-01 is more than 2 years"));
    }

    @Test
    void todayIsTheCalendarDayOfTheTimeZone() throws Exception {
        runner.setProperty(SaleshandyProperties.START_DATE, "2026-03-01");
        for (final String zone : List.of("UTC", "Asia/Kolkata", "America/Los_Angeles", "Pacific/Kiritimati")) {
            runner.setProperty(SaleshandyProperties.TIME_ZONE, zone);
            server.enqueue(page(1, 0, 1, false));
            runner.run();
        }

        final List<String> ends = new ArrayList<>();
        for (final JsonNode request : requests(4)) {
            ends.add(request.get("endDate").textValue());
        }
        assertEquals(List.of("2026-03-10", "2026-03-11", "2026-03-10", "2026-03-11"), ends);
    }

    /** One run, clamped to the two years Saleshandy serves: two one-year windows of one page each. */
    private void assertRunFetchesTheLastTwoYearsInTwoWindows() throws Exception {
        final List<JsonNode> requests = runOnce(page(1, 0, 1, false), page(1, 1, 1, false));
        assertWindow(requests.get(0), "2024-03-10", "2025-03-10", 1);
        assertWindow(requests.get(1), "2025-03-11", "2026-03-10", 1);
    }

    private void useIncremental(final String initialStart) {
        runner.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.INCREMENTAL);
        runner.setProperty(SaleshandyProperties.INITIAL_START_DATE, initialStart);
    }

    /** The state a run ending on {@code lastEnd} leaves for the query of {@link #IDS} from 2026-02-01. */
    private Map<String, String> stateAfterARunEndingOn(final String lastEnd) {
        return Map.of(IncrementalState.LAST_END_DATE_KEY, lastEnd, IncrementalState.QUERY_FINGERPRINT_KEY, fingerprint(IDS, "2026-02-01"));
    }

    private String fingerprint(final String ids, final String initialStart) {
        return IncrementalState.fingerprint(StatsRunners.asWritten(server), DateRangeMode.INCREMENTAL, SequenceSelection.given(List.of(ids.split(","))),
                LocalDate.parse(initialStart));
    }

    /** Runs once against these responses, in order, and returns the requests the run sent. */
    private List<JsonNode> runOnce(final MockResponse... responses) throws Exception {
        for (final MockResponse response : responses) {
            server.enqueue(response);
        }
        runner.run();
        return requests(responses.length);
    }

    private List<JsonNode> requests(final int count) throws Exception {
        final List<JsonNode> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(mapper.readTree(server.takeRequest().getBody().utf8()));
        }
        return requests;
    }

    private static void assertWindow(final JsonNode request, final String start, final String end, final int page) {
        assertEquals(start, request.get("startDate").textValue(), request.toString());
        assertEquals(end, request.get("endDate").textValue(), request.toString());
        assertEquals(page, request.get("pageNum").intValue(), request.toString());
    }

    private static MockResponse page(final int pageNumber, final int first, final int count, final boolean hasMore) {
        return new MockResponse.Builder().code(200).body(StatsPages.page(pageNumber, first, count, hasMore)).build();
    }
}
