package io.github.nifisaleshandy.processors;

import static io.github.nifisaleshandy.processors.InMemorySaleshandyService.failure;
import static io.github.nifisaleshandy.processors.InMemorySaleshandyService.sequence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.processors.InMemorySaleshandyService.Page;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SequencesQuery;
import io.github.nifisaleshandy.service.StatsQuery;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How GetSaleshandyStats chooses its days (Fixed, Rolling Window, Incremental with state committed with the FlowFiles)
 * and its sequences (given, or every sequence of the account). "Today" is 2026-03-10 in UTC.
 */
class GetSaleshandyStatsDateRangeTest {

    /** 2026-03-10 in UTC, 2026-03-11 in Kolkata and Kiritimati, 2026-03-10 in Los Angeles. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T20:00:00Z"), ZoneOffset.UTC);
    private static final List<String> IDS = List.of("seqA", "seqB");

    private final Fixture fixture = Fixture.scheduled(CLOCK);
    private final TestRunner runner = fixture.runner;
    private final InMemorySaleshandyService service = fixture.service;

    @BeforeEach
    void setUp() {
        runner.removeProperty(SaleshandyProperties.START_DATE);
    }

    @Test
    void fixedRangesLongerThanAYearAreFetchedAsConsecutiveWindowsInOneRun() {
        runner.setProperty(SaleshandyProperties.START_DATE, "2024-03-10");
        runner.setProperty(SaleshandyProperties.END_DATE, "2026-03-10");
        service.answerStats((query, window) -> window.start().getYear() == 2024 ? List.of(new Page(10, 0), new Page(2, 0)) : List.of(new Page(5, 0)));

        runner.run();

        assertEquals(List.of(window("2024-03-10", "2025-03-10"), window("2025-03-11", "2026-03-10")), service.statsQueries.getFirst().windows());
        final List<MockFlowFile> outputs = runner.getFlowFilesForRelationship(AbstractStatsProcessor.SUCCESS);
        assertEquals(3, outputs.size());
        outputs.get(0).assertAttributeEquals(SaleshandyAttributes.START_DATE, "2024-03-10");
        outputs.get(1).assertAttributeEquals(SaleshandyAttributes.END_DATE, "2025-03-10");
        outputs.get(1).assertAttributeEquals(SaleshandyAttributes.PAGE_NUMBER, "2");
        outputs.get(2).assertAttributeEquals(SaleshandyAttributes.START_DATE, "2025-03-11");
        outputs.get(2).assertAttributeEquals(SaleshandyAttributes.END_DATE, "2026-03-10");
        outputs.get(2).assertAttributeEquals(SaleshandyAttributes.PAGE_NUMBER, "1");
        outputs.get(2).assertAttributeEquals("fragment.index", "2");
        outputs.get(2).assertAttributeEquals("fragment.count", "3");
    }

    @Test
    void rollingWindowReadsTheLastDaysEndingTodayAndKeepsNoState() throws Exception {
        runner.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.ROLLING_WINDOW);
        runner.setProperty(SaleshandyProperties.WINDOW_LENGTH, "7 days");

        runner.run(2);

        service.statsQueries.forEach(query -> assertEquals(List.of(window("2026-03-04", "2026-03-10")), query.windows()));
        assertEquals(2, runner.getFlowFilesForRelationship(AbstractStatsProcessor.SUCCESS).size());
        assertEquals(0, runner.getStateManager().getState(Scope.CLUSTER).toMap().size(), "Rolling Window keeps no state");
    }

    @Test
    void rollingWindowOlderThanTwoYearsIsClampedWithAWarning() {
        runner.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.ROLLING_WINDOW);
        runner.setProperty(SaleshandyProperties.WINDOW_LENGTH, "1000 days");

        runner.run();

        assertTheLastTwoYearsInTwoWindows();
        assertTrue(warnings().contains("Rolling Window mode: start 2023-06-15 is more than 2 years before today (2026-03-10), which Saleshandy "
                + "does not serve; fetching from 2024-03-10 instead"), warnings());
    }

    @Test
    void incrementalStartsAtTheInitialDateThenContinuesWithOverlap() throws Exception {
        useIncremental("2026-02-01");

        runner.run();

        assertEquals(List.of(window("2026-02-01", "2026-03-10")), service.statsQueries.getLast().windows());
        runner.getStateManager().assertStateEquals(StatsQueryResolver.LAST_END_DATE_KEY, "2026-03-10", Scope.CLUSTER);
        runner.getStateManager().assertStateEquals(StatsQueryResolver.QUERY_FINGERPRINT_KEY, fingerprint(IDS), Scope.CLUSTER);

        runner.getStateManager().setState(stateAfterARunEndingOn("2026-03-05", IDS), Scope.CLUSTER);
        runner.setProperty(SaleshandyProperties.OVERLAP, "2 days");
        runner.run();

        assertEquals(List.of(window("2026-03-03", "2026-03-10")), service.statsQueries.getLast().windows());
        runner.getStateManager().assertStateEquals(StatsQueryResolver.LAST_END_DATE_KEY, "2026-03-10", Scope.CLUSTER);
    }

    @Test
    void aFailedRunLeavesTheStateUnchanged() throws Exception {
        useIncremental("2026-02-01");
        final Map<String, String> before = stateAfterARunEndingOn("2026-03-05", IDS);
        runner.getStateManager().setState(before, Scope.CLUSTER);
        service.answerStats(new Page(10, 0), failure(Failure.KEY_REJECTED, "Page 2: HTTP 401: API key rejected: Unauthorized"));

        runner.run();

        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 0);
        assertEquals(before, runner.getStateManager().getState(Scope.CLUSTER).toMap());
    }

    @Test
    void changingTheSequenceIdsStartsAgainFromTheInitialDate() throws Exception {
        useIncremental("2026-02-01");
        runner.getStateManager().setState(stateAfterARunEndingOn("2026-03-05", IDS), Scope.CLUSTER);
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "seqA,seqC");

        runner.run();

        assertEquals(List.of(window("2026-02-01", "2026-03-10")), service.statsQueries.getFirst().windows());
        runner.getStateManager().assertStateEquals(StatsQueryResolver.QUERY_FINGERPRINT_KEY, fingerprint(List.of("seqA", "seqC")), Scope.CLUSTER);
    }

    @Test
    void clearedStateStartsAgainFromTheInitialDate() throws Exception {
        useIncremental("2026-02-01");
        runner.run();

        runner.getStateManager().clear(Scope.CLUSTER);
        runner.run();

        assertEquals(List.of(window("2026-02-01", "2026-03-10")), service.statsQueries.getLast().windows());
    }

    @Test
    void anInitialDateOlderThanTwoYearsIsClampedAndTheRestSplit() {
        useIncremental("2020-01-01");

        runner.run();

        assertTheLastTwoYearsInTwoWindows();
        assertTrue(warnings().contains("Incremental mode: start 2020-01-01 is more than 2 years"), warnings());
    }

    @Test
    void todayIsTheCalendarDayOfTheTimeZone() {
        runner.setProperty(SaleshandyProperties.START_DATE, "2026-03-01");
        for (final String zone : List.of("UTC", "Asia/Kolkata", "America/Los_Angeles", "Pacific/Kiritimati")) {
            runner.setProperty(SaleshandyProperties.TIME_ZONE, zone);
            runner.run();
        }

        assertEquals(List.of("2026-03-10", "2026-03-11", "2026-03-10", "2026-03-11"),
                service.statsQueries.stream().map(query -> query.windows().getLast().end().toString()).toList());
    }

    @Test
    void thePositionsFingerprintIsMadeOfTheBaseUrlAsAUserWritesIt() {
        assertEquals("https://open-api.saleshandy.com", StatsQueryResolver.baseUrl("https://open-api.saleshandy.com/v1/analytics/consolidated-stats"));
        assertEquals("https://gateway.example/saleshandy", StatsQueryResolver.baseUrl("https://gateway.example/saleshandy/v1/analytics/consolidated-stats"));
    }

    @Test
    void emptySequenceIdsListsTheAccountAndQueriesExactlyItsActiveSequences() {
        runner.setProperty(SaleshandyProperties.START_DATE, "2026-03-01");
        useEverySequence(5);

        runner.run();

        assertEquals(List.of(SequencesQuery.everySequence()), service.sequencesQueries);
        assertEquals(List.of("seq-1", "seq-2", "seq-4", "seq-5"), service.statsQueries.getFirst().sequenceIds(), "seq-3 is inactive");
        runner.getFlowFilesForRelationship(AbstractStatsProcessor.SUCCESS).getFirst()
                .assertAttributeEquals(SaleshandyAttributes.SEQUENCE_IDS, "seq-1,seq-2,seq-4,seq-5");
    }

    @Test
    void activeOnlyFalseAlsoQueriesInactiveSequences() {
        runner.setProperty(SaleshandyProperties.START_DATE, "2026-03-01");
        useEverySequence(5);
        runner.setProperty(SaleshandyProperties.GET_ACTIVE_ONLY, "false");

        runner.run();

        assertEquals(List.of("seq-1", "seq-2", "seq-3", "seq-4", "seq-5"), service.statsQueries.getFirst().sequenceIds());
    }

    @Test
    void aSequenceCreatedBetweenTwoIncrementalRunsIsFetchedWhileThePositionContinues() throws Exception {
        useIncremental("2026-02-01");
        useEverySequence(4);

        runner.run();

        final StatsQuery first = service.statsQueries.getFirst();
        assertEquals(List.of("seq-1", "seq-2", "seq-4"), first.sequenceIds());
        assertEquals(LocalDate.parse("2026-02-01"), first.windows().getFirst().start());
        final Map<String, String> afterFirstRun = runner.getStateManager().getState(Scope.CLUSTER).toMap();
        assertEquals("2026-03-10", afterFirstRun.get(StatsQueryResolver.LAST_END_DATE_KEY));
        assertEquals(fingerprint(List.of(StatsQueryResolver.EVERY_SEQUENCE)), afterFirstRun.get(StatsQueryResolver.QUERY_FINGERPRINT_KEY));

        useEverySequence(5);
        runner.run();

        final StatsQuery second = service.statsQueries.getLast();
        assertEquals(List.of("seq-1", "seq-2", "seq-4", "seq-5"), second.sequenceIds(), "the new sequence seq-5 is fetched");
        assertEquals(List.of(window("2026-03-09", "2026-03-10")), second.windows(), "last end minus 1 day of Overlap, not Initial Start Date");
        assertEquals(afterFirstRun, runner.getStateManager().getState(Scope.CLUSTER).toMap(), "the fingerprint is unchanged");
    }

    @Test
    void aListingFailureEmitsNothingAndLeavesTheStateUnchanged() throws Exception {
        useIncremental("2026-02-01");
        useEverySequence(5);
        final Map<String, String> before = stateAfterARunEndingOn("2026-03-05", List.of(StatsQueryResolver.EVERY_SEQUENCE));
        runner.getStateManager().setState(before, Scope.CLUSTER);
        service.beforeListing(failure(Failure.KEY_REJECTED, "Sequences page 1: HTTP 401: API key rejected: Unauthorized"));

        runner.run();

        assertEquals(List.of(), service.statsQueries, "no statistics are asked for");
        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 0);
        assertEquals(before, runner.getStateManager().getState(Scope.CLUSTER).toMap());
        assertTrue(((MockProcessContext) runner.getProcessContext()).isYieldCalled());
        assertTrue(runner.getLogger().getErrorMessages().getFirst().getMsg().contains("Sequences page 1: HTTP 401: API key rejected"));
    }

    @Test
    void anAccountWithoutActiveSequencesEmitsNothingAndSucceeds() throws Exception {
        useIncremental("2026-02-01");
        service.account(List.of(sequence("seq-1", false)));
        runner.removeProperty(SaleshandyProperties.SEQUENCE_IDS);

        runner.run();

        assertEquals(List.of(), service.statsQueries);
        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 0);
        assertEquals(List.of(), runner.getLogger().getErrorMessages());
        assertFalse(((MockProcessContext) runner.getProcessContext()).isYieldCalled());
        assertTrue(runner.getLogger().getInfoMessages().stream().map(LogMessage::getMsg)
                .anyMatch(info -> info.contains("The account has no active sequences (1 sequences listed on 1 page, 0 of them active)")));
        assertTrue(runner.getStateManager().getState(Scope.CLUSTER).toMap().isEmpty());
    }

    private void assertTheLastTwoYearsInTwoWindows() {
        assertEquals(List.of(window("2024-03-10", "2025-03-10"), window("2025-03-11", "2026-03-10")), service.statsQueries.getFirst().windows());
    }

    private void useIncremental(final String initialStart) {
        runner.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.INCREMENTAL);
        runner.setProperty(SaleshandyProperties.INITIAL_START_DATE, initialStart);
    }

    /** An account of {@code count} sequences seq-1..seq-N, seq-3 inactive, and an empty Sequence IDs. */
    private void useEverySequence(final int count) {
        service.account(java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> sequence("seq-" + i, i != 3)).toList());
        runner.removeProperty(SaleshandyProperties.SEQUENCE_IDS);
    }

    private static Map<String, String> stateAfterARunEndingOn(final String lastEnd, final List<String> ids) {
        return Map.of(StatsQueryResolver.LAST_END_DATE_KEY, lastEnd, StatsQueryResolver.QUERY_FINGERPRINT_KEY, fingerprint(ids));
    }

    private static String fingerprint(final List<String> ids) {
        return StatsQueryResolver.fingerprint(InMemorySaleshandyService.BASE_URL, ids, LocalDate.parse("2026-02-01"));
    }

    private String warnings() {
        return runner.getLogger().getWarnMessages().stream().map(LogMessage::getMsg).toList().toString();
    }

    private static DateWindow window(final String start, final String end) {
        return new DateWindow(LocalDate.parse(start), LocalDate.parse(end));
    }
}
