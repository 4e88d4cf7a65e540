package io.github.nifisaleshandy.processors;

import static io.github.nifisaleshandy.processors.InMemorySaleshandyService.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.processors.InMemorySaleshandyService.Page;
import io.github.nifisaleshandy.processors.InMemorySaleshandyService.Retry;
import io.github.nifisaleshandy.processors.InMemorySaleshandyService.Warning;
import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.StatsQuery;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.Test;

/**
 * GetSaleshandyStats over the contract: every page in order as one FlowFile each, all-or-nothing runs, what a user
 * sees of retries and warnings, and where it runs in a cluster.
 */
class GetSaleshandyStatsTest {

    private static final LocalDate TODAY = Fixture.today();

    private final Fixture fixture = Fixture.scheduled();
    private final TestRunner runner = fixture.runner;
    private final InMemorySaleshandyService service = fixture.service;

    @Test
    void emitsOneFlowFilePerPageInOrderAsFragmentsOfOneRunWithProvenanceAndCounters() {
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusDays(30).toString());
        runner.setProperty(SaleshandyProperties.END_DATE, TODAY.minusDays(1).toString());
        service.answerStats(new Page(10, 0), new Page(10, 0), new Page(4, 0));

        runner.run();

        final StatsQuery query = service.statsQueries.getFirst();
        assertEquals(List.of("seqA", "seqB"), query.sequenceIds());
        assertEquals(10, query.pageSize());
        assertEquals(StatsQuery.DEFAULT_MAX_PAGES, query.maxPages());
        assertEquals(RecordFormat.AS_RETURNED, query.format());
        assertEquals(false, query.convert(), "As Returned without a Record Writer copies the API's JSON");
        final List<MockFlowFile> outputs = runner.getFlowFilesForRelationship(AbstractStatsProcessor.SUCCESS);
        assertEquals(3, outputs.size());
        assertEquals(1, outputs.stream().map(f -> f.getAttribute("fragment.identifier")).collect(Collectors.toSet()).size());
        for (int i = 0; i < 3; i++) {
            final MockFlowFile output = outputs.get(i);
            final int records = i == 2 ? 4 : 10;
            output.assertContentEquals(InMemorySaleshandyService.json(i + 1, records));
            output.assertAttributeEquals("mime.type", "application/json");
            output.assertAttributeEquals("record.count", String.valueOf(records));
            output.assertAttributeEquals(SaleshandyAttributes.PAGE_NUMBER, String.valueOf(i + 1));
            output.assertAttributeEquals(SaleshandyAttributes.SEQUENCE_IDS, "seqA,seqB");
            output.assertAttributeEquals(SaleshandyAttributes.START_DATE, TODAY.minusDays(30).toString());
            output.assertAttributeEquals(SaleshandyAttributes.END_DATE, TODAY.minusDays(1).toString());
            output.assertAttributeEquals("filename", "saleshandy-stats_%s_%s_page-%04d.json".formatted(TODAY.minusDays(30), TODAY.minusDays(1), i + 1));
            output.assertAttributeEquals("fragment.index", String.valueOf(i));
            output.assertAttributeEquals("fragment.count", "3");
            output.assertAttributeNotExists(SaleshandyAttributes.UNPARSED_COUNT);
        }
        assertEquals(3, runner.getCounterValue(StatsRun.PAGES_COUNTER));
        assertEquals(24, runner.getCounterValue(StatsRun.RECORDS_COUNTER));
        final List<ProvenanceEventRecord> events = runner.getProvenanceEvents();
        assertEquals(3, events.size());
        for (final ProvenanceEventRecord event : events) {
            assertEquals(ProvenanceEventType.RECEIVE, event.getEventType());
            assertEquals(InMemorySaleshandyService.STATS_URL, event.getTransitUri());
        }
    }

    @Test
    void connectsOnceWhenScheduledWithConcurrentRequestsAndRetriesAndClosesItsClientWhenStopped() {
        runner.setProperty(SaleshandyProperties.CONCURRENT_REQUESTS, "5");

        runner.run(3);

        assertEquals(1, service.connected.size());
        final ClientOptions options = service.connected.getFirst();
        assertEquals(5, options.concurrentRequests());
        assertTrue(options.retry());
        assertTrue(options.name().startsWith("GetSaleshandyStats["), options.name());
        assertTrue(service.clients.getFirst().closed, "@OnStopped closes the client");
        assertEquals(3, service.statsQueries.size());
    }

    @Test
    void anEmptyResultEmitsNothingAndSucceeds() {
        service.answerStats();

        runner.run();

        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 0);
        assertEquals(List.of(), runner.getLogger().getErrorMessages());
    }

    @Test
    void endDateDefaultsToToday() {
        runner.removeProperty(SaleshandyProperties.END_DATE);

        runner.run();

        assertEquals(TODAY, service.statsQueries.getFirst().windows().getLast().end());
    }

    @Test
    void aRunThatFailsOnPage3Of5EmitsNothingLogsTheFailureAndYields() {
        service.answerStats(new Page(10, 0), new Page(10, 0), failure(Failure.TRANSIENT, "Page 3 failed: HTTP 503"), new Page(10, 0));

        runner.run();

        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 0);
        assertEquals(0, runner.getProvenanceEvents().size());
        assertEquals(0, runner.getQueueSize().getObjectCount());
        final LogMessage error = runner.getLogger().getErrorMessages().getFirst();
        assertTrue(error.getMsg().contains("Fetching Saleshandy statistics failed; no FlowFile was emitted for this run"), error.getMsg());
        assertTrue(error.getMsg().contains("Page 3 failed: HTTP 503"), error.getMsg());
        assertTrue(error.getThrowable() != null || List.of(error.getArgs()).stream().anyMatch(Throwable.class::isInstance), "logged with its exception");
        assertTrue(((MockProcessContext) runner.getProcessContext()).isYieldCalled());
    }

    @Test
    void tooManyPagesFailsTheRunWithMaxPagesAsTheQuerysBound() {
        runner.setProperty(SaleshandyProperties.MAX_PAGES, "2");
        service.answerStats(new Page(10, 0), new Page(10, 0), new Page(10, 0));

        runner.run();

        assertEquals(2, service.statsQueries.getFirst().maxPages());
        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 0);
        assertTrue(runner.getLogger().getErrorMessages().getFirst().getMsg().contains("Max Pages (2)"));
    }

    @Test
    void retriesAndWarningsOfTheServiceReachTheUserAsWarnings() {
        service.answerStats(new Retry(failure(Failure.RATE_LIMITED, "HTTP 429 rate limited"), 1, Duration.ofMillis(1500)),
                new Retry(failure(Failure.RATE_LIMITED, "HTTP 429 with others in flight"), 0, Duration.ofMillis(200)),
                new Warning("Saleshandy sent empty pages in the middle of the window: pages 2, 3"), new Page(3, 0));

        runner.run();

        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 1);
        final List<String> warnings = runner.getLogger().getWarnMessages().stream().map(LogMessage::getMsg).toList();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("HTTP 429 rate limited; retry 1 in 1500 ms")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("HTTP 429 with others in flight while other requests were in flight; fewer are sent "
                + "at once from now on, and this one is sent again in 200 ms (not counted against Max Retries)")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("empty pages in the middle")), warnings.toString());
    }

    @Test
    void logsProgressAtInfoEveryHundredPages() {
        runner.setProperty(SaleshandyProperties.END_DATE, Fixture.today().minusDays(3).toString());
        service.answerStats(Collections.nCopies(250, new Page(1, 0)).toArray());

        runner.run();

        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 250);
        final List<String> progress = runner.getLogger().getInfoMessages().stream().map(LogMessage::getMsg)
                .filter(m -> m.contains("so far")).toList();
        assertEquals(2, progress.size(), progress.toString());
        assertTrue(progress.getFirst().contains("Fetched 100 pages, 100 records"), progress.getFirst());
    }

    @Test
    void isAPrimaryNodeSourceWithSuccessOnlyThatForbidsAnIncomingConnection() {
        assertTrue(GetSaleshandyStats.class.isAnnotationPresent(PrimaryNodeOnly.class));
        assertTrue(GetSaleshandyStats.class.isAnnotationPresent(TriggerSerially.class));
        assertEquals(Set.of("success"), runner.getProcessor().getRelationships().stream().map(Relationship::getName).collect(Collectors.toSet()));
        assertEquals(InputRequirement.Requirement.INPUT_FORBIDDEN, ((MockProcessContext) runner.getProcessContext()).getInputRequirement().value());
        runner.setIncomingConnection(true);
        runner.enqueue("", Map.of("ids", "other"));

        runner.run();

        assertEquals(1, runner.getQueueSize().getObjectCount(), "the FlowFile is not Get's to take");
        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 1);
    }

    @Test
    void onThePrimaryNodeKeepsItsIncrementalPositionInClusterState() {
        runner.setIsConfiguredForClustering(true);
        runner.setPrimaryNode(true);
        runner.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.INCREMENTAL);
        runner.setProperty(SaleshandyProperties.INITIAL_START_DATE, TODAY.minusDays(5).toString());

        runner.run();

        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 1);
        runner.getStateManager().assertStateEquals(StatsQueryResolver.LAST_END_DATE_KEY, TODAY.toString(), Scope.CLUSTER);
        runner.getStateManager().assertStateNotSet(Scope.LOCAL);
    }
}
