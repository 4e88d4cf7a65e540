package io.github.nifisaleshandy.processors;

import static io.github.nifisaleshandy.processors.InMemorySaleshandyService.failure;
import static io.github.nifisaleshandy.processors.InMemorySaleshandyService.sequence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.processors.AbstractSaleshandyProcessor.VerificationSteps;
import io.github.nifisaleshandy.processors.InMemorySaleshandyService.Page;
import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.StatsQuery;
import java.util.List;
import java.util.Map;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** NiFi's Verify on the stats processors: each step in plain words, with a client of Verify's own. */
class VerifyTest {

    private static final List<String> STEPS = List.of(AbstractStatsProcessor.CONFIGURATION, VerificationSteps.REACH, VerificationSteps.KEY,
            AbstractStatsProcessor.FIRST_PAGE);

    private final Fixture fixture = Fixture.scheduled();
    private final TestRunner runner = fixture.runner;
    private final InMemorySaleshandyService service = fixture.service;

    @BeforeEach
    void setUp() {
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "${ids}");
        runner.removeProperty(SaleshandyProperties.RECORD_FORMAT);
    }

    @Test
    void reportsEveryStepWhenAllIsWellFetchingTheSmallestPageOnce() {
        service.answerStats(new Page(10, 0), new Page(10, 0));

        final List<ConfigVerificationResult> results = fixture.verify(Map.of("ids", "a,b"));

        Fixture.assertOutcomes(results, STEPS, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL);
        assertTrue(results.getFirst().getExplanation().startsWith("Sequences a, b from "), results.getFirst().getExplanation());
        assertEquals("10 records on the first page of 10; more pages follow", results.get(3).getExplanation());
        final StatsQuery query = service.statsQueries.getFirst();
        assertEquals(10, query.pageSize());
        assertEquals(1, query.maxPages());
        assertEquals(List.of("a", "b"), query.sequenceIds());
        assertEquals(ClientOptions.verify("Verify"), service.connected.getFirst(), "one request at a time, no retries");
        assertTrue(service.clients.getFirst().closed);
    }

    @Test
    void saysTheKeyWasRejected() {
        service.answerStats(failure(Failure.KEY_REJECTED, "Page 1: HTTP 400: API key rejected: 1001: Invalid token"));

        final List<ConfigVerificationResult> results = fixture.verify(Map.of("ids", "a"));

        Fixture.assertOutcomes(results, STEPS, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.FAILED, Outcome.SKIPPED);
        assertEquals("Page 1: HTTP 400: API key rejected: 1001: Invalid token", results.get(2).getExplanation());
    }

    @Test
    void saysSaleshandyCouldNotBeReached() {
        service.answerStats(failure(Failure.TRANSIENT, "Page 1: connection refused"));

        Fixture.assertOutcomes(fixture.verify(Map.of("ids", "a")), STEPS, Outcome.SUCCESSFUL, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED);
    }

    @Test
    void saysWhichRuleTheConfigurationBreaksWithoutAQuery() {
        final List<ConfigVerificationResult> results = fixture.verify(Map.of("ids", "a,,b"));

        Fixture.assertOutcomes(results, STEPS, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED);
        assertEquals("Sequence IDs has an empty entry (entry 2): separate IDs with a single comma or whitespace", results.getFirst().getExplanation());
        assertEquals(List.of(), service.statsQueries);
    }

    @Test
    void saysTheConnectionServiceIsNotEnabled() {
        runner.disableControllerService(service);

        final List<ConfigVerificationResult> results = fixture.verify(Map.of("ids", "a"));

        Fixture.assertOutcomes(results, List.of(SaleshandyProperties.CONNECTION.getName()), Outcome.FAILED);
        assertEquals("Needs an enabled Saleshandy connection service: enable the one it names, or name one", results.getFirst().getExplanation());
    }

    @Test
    void withEmptySequenceIdsReportsTheListingThenTheFirstPageOfItsSequences() {
        runner.removeProperty(SaleshandyProperties.SEQUENCE_IDS);
        service.account(List.of(sequence("s1", true), sequence("s2", false), sequence("s3", true)));

        final List<ConfigVerificationResult> results = fixture.verify(Map.of());

        Fixture.assertOutcomes(results, List.of(AbstractStatsProcessor.CONFIGURATION, VerificationSteps.REACH, VerificationSteps.KEY,
                AbstractStatsProcessor.LIST_SEQUENCES, AbstractStatsProcessor.FIRST_PAGE),
                Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL);
        assertTrue(results.getFirst().getExplanation().startsWith("Every active sequence of the account from "), results.getFirst().getExplanation());
        assertEquals("3 sequences listed on 1 page, 2 of them active", results.get(3).getExplanation());
        assertEquals(List.of("s1", "s3"), service.statsQueries.getFirst().sequenceIds());
    }

    @Test
    void withEmptySequenceIdsSaysTheListingFailedAndSkipsTheFirstPage() {
        runner.removeProperty(SaleshandyProperties.SEQUENCE_IDS);
        service.beforeListing(failure(Failure.INVALID_REQUEST, "Sequences page 1: HTTP 400: request rejected"));

        final List<ConfigVerificationResult> results = fixture.verify(Map.of());

        assertEquals(List.of(Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.FAILED, Outcome.SKIPPED),
                results.stream().map(ConfigVerificationResult::getOutcome).toList(), results.toString());
        assertEquals("The sequences could not be listed", results.get(4).getExplanation());
        assertEquals(List.of(), service.statsQueries);
    }
}
