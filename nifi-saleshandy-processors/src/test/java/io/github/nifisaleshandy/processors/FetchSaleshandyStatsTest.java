package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nifisaleshandy.query.DateRangeMode;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FetchSaleshandyStats: every incoming FlowFile drives one run, with its attributes in the properties' Expression
 * Language; success goes with original, a failure sends the FlowFile to failure with the reason.
 */
class FetchSaleshandyStatsTest extends StatsFixture {

    private static final LocalDate TODAY = StatsRunners.today(CLOCK);

    FetchSaleshandyStatsTest() {
        super(StatsRunners::fetching);
    }

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
    void fixedDatesComeFromTheFlowFilesAttributes() throws Exception {
        server.enqueue(json(200, StatsPages.page(1, 0, 2, false)));

        runner.enqueue("", Map.of("ids", "seqA seqB seqA", "from", TODAY.minusDays(9).toString(), "to", TODAY.minusDays(2).toString()));
        runner.run();

        final JsonNode body = mapper.readTree(server.takeRequest().getBody().utf8());
        assertEquals("[\"seqA\",\"seqB\"]", body.get("sequenceIds").toString());
        assertEquals(TODAY.minusDays(9).toString(), body.get("startDate").textValue());
        assertEquals(TODAY.minusDays(2).toString(), body.get("endDate").textValue());
        runner.assertTransferCount(StatsRelationships.SUCCESS, 1);
        runner.assertTransferCount(StatsRelationships.ORIGINAL, 1);
        runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS).getFirst().assertAttributeEquals("saleshandy.sequence.ids", "seqA,seqB");
        final List<ProvenanceEventType> events = runner.getProvenanceEvents().stream().map(ProvenanceEventRecord::getEventType).toList();
        assertTrue(events.contains(ProvenanceEventType.FORK), events.toString());
        assertTrue(events.contains(ProvenanceEventType.FETCH), events.toString());
        assertFalse(events.contains(ProvenanceEventType.RECEIVE), events.toString());
    }

    @Test
    void sequenceIdsDefaultToTheAttributeTheListerWrites() throws Exception {
        runner.removeProperty(SaleshandyProperties.FETCH_SEQUENCE_IDS);
        server.enqueue(json(200, StatsPages.page(1, 0, 1, false)));

        runner.enqueue("", Map.of("saleshandy.sequence.ids", "listedA,listedB", "from", TODAY.minusDays(3).toString(), "to", TODAY.toString()));
        runner.run();

        assertEquals("[\"listedA\",\"listedB\"]", mapper.readTree(server.takeRequest().getBody().utf8()).get("sequenceIds").toString());
        runner.assertTransferCount(StatsRelationships.ORIGINAL, 1);
    }

    @Test
    void aRollingWindowEndsTodayForEveryFlowFile() throws Exception {
        runner.setProperty(SaleshandyProperties.FETCH_DATE_RANGE, DateRangeMode.ROLLING_WINDOW);
        runner.setProperty(SaleshandyProperties.WINDOW_LENGTH, "30 days");
        server.enqueue(json(200, StatsPages.page(1, 0, 1, false)));
        server.enqueue(json(200, StatsPages.page(1, 1, 1, false)));

        runner.enqueue("", Map.of("ids", "seqA"));
        runner.enqueue("", Map.of("ids", "seqB"));
        runner.run(2);

        for (final String ids : List.of("[\"seqA\"]", "[\"seqB\"]")) {
            final JsonNode body = mapper.readTree(server.takeRequest().getBody().utf8());
            assertEquals(ids, body.get("sequenceIds").toString());
            assertEquals(TODAY.minusDays(29).toString(), body.get("startDate").textValue());
            assertEquals(TODAY.toString(), body.get("endDate").textValue());
        }
        runner.assertTransferCount(StatsRelationships.SUCCESS, 2);
        runner.assertTransferCount(StatsRelationships.ORIGINAL, 2);
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

        assertEquals(0, server.getRequestCount());
    }

    @Test
    void aFlowFileWhoseAttributesBreakADateRuleGoesToFailureWithoutARequest() {
        runner.enqueue("", Map.of("ids", "seqA", "from", TODAY.minusYears(2).minusDays(1).toString(), "to", TODAY.toString()));
        runner.enqueue("", Map.of("ids", "seqA", "from", "2024-13-01", "to", TODAY.toString()));
        runner.enqueue("", Map.of("ids", "seqA,,seqB", "from", TODAY.minusDays(3).toString(), "to", TODAY.toString()));
        runner.run(3);

        assertEquals(0, server.getRequestCount());
        final List<MockFlowFile> failed = runner.getFlowFilesForRelationship(StatsRelationships.FAILURE);
        assertEquals(3, failed.size());
        failed.forEach(f -> f.assertAttributeEquals("saleshandy.error.type", "INVALID_CONFIGURATION"));
        assertTrue(failed.get(0).getAttribute("saleshandy.error.message").startsWith("Start Date " + TODAY.minusYears(2).minusDays(1)
                + " is more than 2 years before today"));
        assertEquals("Start Date '2024-13-01' is not a valid date in YYYY-MM-DD form", failed.get(1).getAttribute("saleshandy.error.message"));
        assertTrue(failed.get(2).getAttribute("saleshandy.error.message").startsWith("Sequence IDs has an empty entry"));
        assertTrue(failed.getFirst().isPenalized());
        assertFalse(((MockProcessContext) runner.getProcessContext()).isYieldCalled(), "a bad FlowFile is no reason to hold back the next");
    }

    @Test
    void aFailedRunSendsTheIncomingFlowFileToFailureAndNothingElse() {
        server.enqueue(json(200, StatsPages.page(1, 0, 10, true)));
        server.enqueue(json(200, StatsPages.page(2, 10, 10, true)));
        server.enqueue(json(400, "{\"message\":\"pageLimit must be between 10 and 500\"}"));

        runner.enqueue("", Map.of("ids", "seqA", "from", TODAY.minusDays(3).toString(), "to", TODAY.toString()));
        runner.run();

        assertEquals(3, server.getRequestCount());
        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        runner.assertTransferCount(StatsRelationships.ORIGINAL, 0);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(StatsRelationships.FAILURE).getFirst();
        failed.assertAttributeEquals("saleshandy.error.type", "INVALID_REQUEST");
        failed.assertAttributeEquals("saleshandy.error.message", "Page 3: HTTP 400: request rejected: pageLimit must be between 10 and 500");
        assertTrue(failed.isPenalized());
        assertEquals(List.of(), sleeper.waits());
        assertEquals(0, runner.getProvenanceEvents().stream().filter(e -> e.getEventType() == ProvenanceEventType.FETCH).count());
    }

    @Test
    void aRejectedKeyIsReportedOnceWithoutRetry() {
        server.enqueue(json(400, "{\"message\":\"1001: Invalid token\"}"));
        server.enqueue(json(401, "{\"message\":\"Unauthorized\"}"));

        runner.enqueue("", Map.of("ids", "a", "from", TODAY.minusDays(3).toString(), "to", TODAY.toString()));
        runner.enqueue("", Map.of("ids", "b", "from", TODAY.minusDays(3).toString(), "to", TODAY.toString()));
        runner.run(2);

        assertEquals(2, server.getRequestCount());
        final List<MockFlowFile> failed = runner.getFlowFilesForRelationship(StatsRelationships.FAILURE);
        failed.forEach(f -> f.assertAttributeEquals("saleshandy.error.type", "KEY_REJECTED"));
        assertEquals("Page 1: HTTP 400: API key rejected: 1001: Invalid token", failed.get(0).getAttribute("saleshandy.error.message"));
        assertEquals("Page 1: HTTP 401: API key rejected: Unauthorized", failed.get(1).getAttribute("saleshandy.error.message"));
    }

    @Test
    void theKeyAppearsInNoLogAttributeOrProvenanceEvent() throws Exception {
        server.enqueue(json(200, StatsPages.page(1, 0, 10, true)));
        server.enqueue(new MockResponse.Builder().code(503).body("echo " + KEY).build());
        server.enqueue(json(200, StatsPages.page(2, 10, 1, false)));
        server.enqueue(json(400, "{\"message\":\"1001: Invalid token " + KEY + "\"}"));

        runner.enqueue("", Map.of("ids", "a", "from", TODAY.minusDays(3).toString(), "to", TODAY.toString()));
        runner.enqueue("", Map.of("ids", "b", "from", TODAY.minusDays(3).toString(), "to", TODAY.toString()));
        runner.run(2);

        assertEquals(KEY, server.takeRequest().getHeaders().get("x-api-key"), "the key is sent, just never shown");
        SecretScan.assertNeverShown(runner, KEY);
        assertEquals(1, runner.getFlowFilesForRelationship(StatsRelationships.FAILURE).size());
    }

    private static MockResponse json(final int status, final String body) {
        return FakeSaleshandyApi.json(status, body).build();
    }
}
