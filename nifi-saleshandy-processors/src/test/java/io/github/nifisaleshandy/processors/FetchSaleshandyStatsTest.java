package io.github.nifisaleshandy.processors;

import static io.github.nifisaleshandy.processors.InMemorySaleshandyService.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.processors.InMemorySaleshandyService.Page;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.StatsQuery;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * FetchSaleshandyStats: one run per incoming FlowFile, with its attributes as the query, its children as the pages, and
 * the FlowFile itself to original or, with the reason, to failure.
 */
class FetchSaleshandyStatsTest {

    private static final LocalDate TODAY = Fixture.today();

    private final Fixture fixture = Fixture.fetching();
    private final TestRunner runner = fixture.runner;
    private final InMemorySaleshandyService service = fixture.service;

    @BeforeEach
    void setUp() {
        runner.setProperty(SaleshandyProperties.START_DATE, "${from}");
        runner.setProperty(SaleshandyProperties.END_DATE, "${to}");
    }

    @Test
    void isDrivenByIncomingFlowFilesOnAnyNodeWithSeveralTasks() {
        assertEquals(InputRequirement.Requirement.INPUT_REQUIRED, FetchSaleshandyStats.class.getAnnotation(InputRequirement.class).value());
        assertFalse(FetchSaleshandyStats.class.isAnnotationPresent(TriggerSerially.class), "several concurrent tasks are allowed");
        assertFalse(FetchSaleshandyStats.class.isAnnotationPresent(PrimaryNodeOnly.class), "every node of a cluster fetches");
    }

    @Test
    void fixedDatesComeFromTheFlowFilesAttributesAndItsChildrenAreFetched() {
        runner.enqueue("", Map.of("ids", "seqA seqB seqA", "from", TODAY.minusDays(9).toString(), "to", TODAY.minusDays(2).toString()));
        runner.run();

        final StatsQuery query = service.statsQueries.getFirst();
        assertEquals(List.of("seqA", "seqB"), query.sequenceIds());
        assertEquals(List.of(new DateWindow(TODAY.minusDays(9), TODAY.minusDays(2))), query.windows());
        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 1);
        runner.assertTransferCount(AbstractStatsProcessor.ORIGINAL, 1);
        runner.getFlowFilesForRelationship(AbstractStatsProcessor.SUCCESS).getFirst().assertAttributeEquals(SaleshandyAttributes.SEQUENCE_IDS, "seqA,seqB");
        final List<ProvenanceEventType> events = runner.getProvenanceEvents().stream().map(ProvenanceEventRecord::getEventType).toList();
        assertTrue(events.contains(ProvenanceEventType.FORK), events.toString());
        assertTrue(events.contains(ProvenanceEventType.FETCH), events.toString());
        assertFalse(events.contains(ProvenanceEventType.RECEIVE), events.toString());
    }

    @Test
    void sequenceIdsDefaultToTheAttributeTheListerWrites() {
        runner.removeProperty(SaleshandyProperties.FETCH_SEQUENCE_IDS);

        runner.enqueue("", Map.of(SaleshandyAttributes.SEQUENCE_IDS, "listedA,listedB", "from", TODAY.minusDays(3).toString(), "to", TODAY.toString()));
        runner.run();

        assertEquals(List.of("listedA", "listedB"), service.statsQueries.getFirst().sequenceIds());
        runner.assertTransferCount(AbstractStatsProcessor.ORIGINAL, 1);
    }

    @Test
    void aRollingWindowEndsTodayForEveryFlowFile() {
        runner.setProperty(SaleshandyProperties.FETCH_DATE_RANGE, DateRangeMode.ROLLING_WINDOW);
        runner.setProperty(SaleshandyProperties.WINDOW_LENGTH, "30 days");

        runner.enqueue("", Map.of("ids", "seqA"));
        runner.enqueue("", Map.of("ids", "seqB"));
        runner.run(2);

        assertEquals(List.of(List.of("seqA"), List.of("seqB")), service.statsQueries.stream().map(StatsQuery::sequenceIds).toList());
        service.statsQueries.forEach(query -> assertEquals(List.of(new DateWindow(TODAY.minusDays(29), TODAY)), query.windows()));
        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 2);
        runner.assertTransferCount(AbstractStatsProcessor.ORIGINAL, 2);
    }

    @Test
    void offersNoIncrementalDateRange() {
        runner.setProperty(SaleshandyProperties.FETCH_DATE_RANGE, DateRangeMode.INCREMENTAL.getValue());

        runner.assertNotValid();
        assertFalse(runner.getProcessor().getPropertyDescriptors().contains(SaleshandyProperties.INITIAL_START_DATE));
        assertFalse(runner.getProcessor().getPropertyDescriptors().contains(SaleshandyProperties.OVERLAP));
    }

    @Test
    void doesNothingWithoutAnIncomingFlowFile() {
        runner.run();

        assertEquals(List.of(), service.statsQueries);
    }

    @Test
    void aFlowFileWhoseAttributesBreakARuleGoesToFailureWithoutAQuery() {
        runner.enqueue("", Map.of("ids", "seqA", "from", TODAY.minusYears(2).minusDays(1).toString(), "to", TODAY.toString()));
        runner.enqueue("", Map.of("ids", "seqA", "from", "2024-13-01", "to", TODAY.toString()));
        runner.enqueue("", Map.of("ids", "seqA,,seqB", "from", TODAY.minusDays(3).toString(), "to", TODAY.toString()));
        runner.enqueue("", Map.of("ids", "seqA\u0000", "from", TODAY.minusDays(3).toString(), "to", TODAY.toString()));
        runner.run(4);

        assertEquals(List.of(), service.statsQueries);
        final List<MockFlowFile> failed = runner.getFlowFilesForRelationship(AbstractStatsProcessor.FAILURE);
        assertEquals(4, failed.size());
        failed.forEach(f -> f.assertAttributeEquals(SaleshandyAttributes.ERROR_TYPE, SaleshandyAttributes.INVALID_CONFIGURATION));
        assertTrue(failed.get(0).getAttribute(SaleshandyAttributes.ERROR_MESSAGE).startsWith("Start Date " + TODAY.minusYears(2).minusDays(1)
                + " is more than 2 years before today"));
        assertEquals("Start Date '2024-13-01' is not a valid date in YYYY-MM-DD form", failed.get(1).getAttribute(SaleshandyAttributes.ERROR_MESSAGE));
        assertTrue(failed.get(2).getAttribute(SaleshandyAttributes.ERROR_MESSAGE).startsWith("Sequence IDs has an empty entry"));
        assertEquals("Sequence IDs must not contain control characters: found a NUL character at position 5",
                failed.get(3).getAttribute(SaleshandyAttributes.ERROR_MESSAGE));
        assertTrue(failed.getFirst().isPenalized());
        assertFalse(((MockProcessContext) runner.getProcessContext()).isYieldCalled(), "a bad FlowFile is no reason to hold back the next");
    }

    /** Every kind of failure but a stop sends the FlowFile to failure, typed; only a limited or unavailable API makes the next FlowFile wait. */
    @ParameterizedTest
    @EnumSource(value = Failure.class, mode = EnumSource.Mode.EXCLUDE, names = "INTERRUPTED")
    void aFailedRunSendsTheIncomingFlowFileToFailureTypedAndNothingElse(final Failure kind) {
        service.answerStats(new Page(10, 0), new Page(10, 0), failure(kind, "Page 3: HTTP 400: request rejected: pageLimit must be between 10 and 500"));

        runner.enqueue("", Map.of("ids", "seqA", "from", TODAY.minusDays(3).toString(), "to", TODAY.toString()));
        runner.run();

        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 0);
        runner.assertTransferCount(AbstractStatsProcessor.ORIGINAL, 0);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(AbstractStatsProcessor.FAILURE).getFirst();
        failed.assertAttributeEquals(SaleshandyAttributes.ERROR_TYPE, kind.name());
        failed.assertAttributeEquals(SaleshandyAttributes.ERROR_MESSAGE, "Page 3: HTTP 400: request rejected: pageLimit must be between 10 and 500");
        assertTrue(failed.isPenalized());
        assertEquals(0, runner.getProvenanceEvents().stream().filter(e -> e.getEventType() == ProvenanceEventType.FETCH).count());
        assertEquals(kind.asksToWait(), ((MockProcessContext) runner.getProcessContext()).isYieldCalled());
        assertTrue(runner.getLogger().getErrorMessages().getFirst().getMsg().contains("routing it to failure"));
    }

    @Test
    void concurrentTasksEachRunTheirOwnFlowFileAndKeepNoState() {
        runner.setThreadCount(4);
        runner.setIsConfiguredForClustering(true);
        runner.setPrimaryNode(false);
        for (int i = 0; i < 8; i++) {
            runner.enqueue("", Map.of("ids", "seq" + i, "from", TODAY.minusDays(3).toString(), "to", TODAY.toString()));
        }

        runner.run(8);

        assertEquals(8, service.statsQueries.size());
        final List<MockFlowFile> outputs = runner.getFlowFilesForRelationship(AbstractStatsProcessor.SUCCESS);
        assertEquals(Set.of("seq0", "seq1", "seq2", "seq3", "seq4", "seq5", "seq6", "seq7"),
                outputs.stream().map(f -> f.getAttribute(SaleshandyAttributes.SEQUENCE_IDS)).collect(Collectors.toSet()));
        assertEquals(8, outputs.stream().map(f -> f.getAttribute("fragment.identifier")).distinct().count());
        runner.assertTransferCount(AbstractStatsProcessor.ORIGINAL, 8);
        runner.getStateManager().assertStateNotSet(Scope.CLUSTER);
        runner.getStateManager().assertStateNotSet(Scope.LOCAL);
    }
}
