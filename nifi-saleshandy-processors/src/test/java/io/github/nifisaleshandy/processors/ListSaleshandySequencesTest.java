package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nifisaleshandy.client.SequencesRequest;
import io.github.nifisaleshandy.testapi.SequencePages;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ListSaleshandySequences against a fake {@code GET /v1/sequences}: paging, filters, batching, output, cluster and key hygiene.
 */
class ListSaleshandySequencesTest extends StatsFixture {

    private static final int PAGE = SequencesRequest.MAX_PAGE_SIZE;

    ListSaleshandySequencesTest() {
        super(StatsRunners::listing);
    }

    @Test
    void emitsBatchesOfBatchSizeAsFragmentsOfOneRun() throws Exception {
        runner.setProperty(SaleshandyProperties.ACTIVE_ONLY, "false");
        server.enqueue(ok(SequencePages.page(1, 120)));

        runner.run();

        final RecordedRequest sent = server.takeRequest();
        assertEquals("GET", sent.getMethod());
        assertEquals("/v1/sequences", sent.getUrl().encodedPath());
        assertEquals("1", sent.getUrl().queryParameter("page"));
        assertEquals("1000", sent.getUrl().queryParameter("pageSize"));
        assertEquals("ASC", sent.getUrl().queryParameter("sort"));
        assertEquals("sequence.createdAt", sent.getUrl().queryParameter("sortBy"));
        assertEquals(Set.of("page", "pageSize", "sort", "sortBy"), sent.getUrl().queryParameterNames());
        final List<MockFlowFile> outputs = runner.getFlowFilesForRelationship(ListSaleshandySequences.SUCCESS);
        assertEquals(List.of(50, 50, 20), outputs.stream().map(f -> Integer.valueOf(f.getAttribute("record.count"))).toList());
        assertEquals(1, outputs.stream().map(f -> f.getAttribute("fragment.identifier")).collect(Collectors.toSet()).size());
        for (int i = 0; i < 3; i++) {
            final MockFlowFile output = outputs.get(i);
            final List<String> ids = IntStream.rangeClosed(1 + 50 * i, Math.min(120, 50 * (i + 1))).mapToObj(n -> "seq-" + n).toList();
            output.assertAttributeEquals("saleshandy.sequence.ids", String.join(",", ids));
            output.assertAttributeEquals("saleshandy.sequence.count", String.valueOf(ids.size()));
            output.assertAttributeEquals("mime.type", "application/json");
            output.assertAttributeEquals("fragment.index", String.valueOf(i));
            output.assertAttributeEquals("fragment.count", "3");
            final JsonNode content = mapper.readTree(output.getContent());
            assertEquals(ids, IntStream.range(0, content.size()).mapToObj(r -> content.get(r).get("id").textValue()).toList());
        }
        final List<ProvenanceEventRecord> events = runner.getProvenanceEvents();
        assertEquals(3, events.size());
        for (final ProvenanceEventRecord event : events) {
            assertEquals(ProvenanceEventType.RECEIVE, event.getEventType());
            assertEquals(server.url("/v1/sequences").toString(), event.getTransitUri());
        }
        assertEquals(120, runner.getCounterValue(SequenceBatches.SEQUENCES_COUNTER));
    }

    @Test
    void writesEachSequenceAsATypedRecord() throws Exception {
        runner.setProperty(SaleshandyProperties.ACTIVE_ONLY, "false");
        server.enqueue(ok(SequencePages.envelope("[" + SequencePages.sequence(2) + "," + SequencePages.sequence(3) + "]")));

        runner.run();

        final JsonNode content = mapper.readTree(runner.getFlowFilesForRelationship(ListSaleshandySequences.SUCCESS).getFirst().getContent());
        assertEquals(mapper.readTree("""
                [{"id":"seq-2","title":"Sequence 2","active":true,"step_count":2,
                  "steps":[{"id":"step-2-1","name":"Step 1"},{"id":"step-2-2","name":"Step 2"}],
                  "client":{"id":"client-2","company_name":"Company 2","first_name":"Cara","last_name":"Client"},
                  "owner":{"id":102,"first_name":"Owen","last_name":"Owner","email":"owner102@example.com"}},
                 {"id":"seq-3","title":"Sequence 3","active":false,"step_count":3,
                  "steps":[{"id":"step-3-1","name":"Step 1"},{"id":"step-3-2","name":"Step 2"},{"id":"step-3-3","name":"Step 3"}],
                  "client":null,
                  "owner":{"id":103,"first_name":"Owen","last_name":"Owner","email":"owner103@example.com"}}]"""), content);
    }

    /** A short second page ends the listing; so does an empty one when the first page was exactly full. */
    @ParameterizedTest
    @CsvSource({"5, '500,500,5'", "0, '500,500'"})
    void pagesUntilAShortOrEmptyPage(final int lastPageSize, final String expectedCounts) throws Exception {
        runner.setProperty(SaleshandyProperties.ACTIVE_ONLY, "false");
        runner.setProperty(SaleshandyProperties.BATCH_SIZE, "500");
        server.enqueue(ok(SequencePages.page(1, PAGE)));
        server.enqueue(ok(SequencePages.page(PAGE + 1, lastPageSize)));

        runner.run();

        assertEquals(2, server.getRequestCount());
        server.takeRequest();
        assertEquals("2", server.takeRequest().getUrl().queryParameter("page"));
        assertEquals(List.of(expectedCounts.split(",")), recordCounts());
    }

    @Test
    void aRepeatedPageStopsTheListingAndEmitsNothing() {
        server.enqueue(ok(SequencePages.page(1, PAGE)));
        server.enqueue(ok(SequencePages.page(1, PAGE)));

        runner.run();

        runner.assertTransferCount(ListSaleshandySequences.SUCCESS, 0);
        assertEquals(2, server.getRequestCount());
        assertTrue(errorText().contains("Paging stopped: sequences page 2 repeats page 1"), errorText());
        assertTrue(((MockProcessContext) runner.getProcessContext()).isYieldCalled());
        final LogMessage error = runner.getLogger().getErrorMessages().getFirst();
        assertTrue(error.getThrowable() != null || Arrays.stream(error.getArgs()).anyMatch(Throwable.class::isInstance), "logged with its exception");
    }

    @Test
    void aFullPageAtMaxPagesFailsTheRun() {
        runner.setProperty(SaleshandyProperties.SEQUENCE_MAX_PAGES, "1");
        server.enqueue(ok(SequencePages.page(1, PAGE)));

        runner.run();

        runner.assertTransferCount(ListSaleshandySequences.SUCCESS, 0);
        assertEquals(1, server.getRequestCount());
        assertTrue(errorText().contains("Max Pages (1) allows no more"), errorText());
    }

    @Test
    void aPageStillFailingAfterRetriesEmitsNothingOfTheRun() {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.MAX_RETRIES, "1");
        server.enqueue(ok(SequencePages.page(1, PAGE)));
        server.enqueue(new MockResponse.Builder().code(503).body("down").build());
        server.enqueue(new MockResponse.Builder().code(503).body("down").build());

        runner.run();

        runner.assertTransferCount(ListSaleshandySequences.SUCCESS, 0);
        assertEquals(3, server.getRequestCount());
        assertTrue(errorText().contains("Sequences page 2: HTTP 503: Saleshandy is unavailable"), errorText());
        assertEquals(1, sleeper.waits().size());
    }

    @Test
    void sendsTheFiltersAsQueryParameters() throws Exception {
        runner.setProperty(SaleshandyProperties.SEQUENCE_NAME_FILTER, "Q4 outreach");
        runner.setProperty(SaleshandyProperties.CLIENT_IDS, "c1, c2 c1");
        server.enqueue(ok(SequencePages.page(1, 3)));

        runner.run();

        final RecordedRequest sent = server.takeRequest();
        assertEquals("Q4 outreach", sent.getUrl().queryParameter("sequenceName"));
        assertEquals("c1,c2", sent.getUrl().queryParameter("clientIds"));
    }

    @Test
    void activeOnlyLeavesOutInactiveSequences() {
        server.enqueue(ok(SequencePages.page(1, 30)));

        runner.run();

        final MockFlowFile output = runner.getFlowFilesForRelationship(ListSaleshandySequences.SUCCESS).getFirst();
        final List<String> active = IntStream.rangeClosed(1, 30).filter(SequencePages::isActive).mapToObj(n -> "seq-" + n).toList();
        assertEquals(20, active.size());
        output.assertAttributeEquals("saleshandy.sequence.ids", String.join(",", active));
        output.assertAttributeEquals("record.count", "20");
    }

    @Test
    void anEmptyAccountEmitsNothingAndSucceeds() {
        server.enqueue(ok(SequencePages.page(1, 0)));

        runner.run();

        runner.assertTransferCount(ListSaleshandySequences.SUCCESS, 0);
        assertEquals(List.of(), runner.getLogger().getErrorMessages());
    }

    @Test
    void writesThroughTheRecordWriterWithTheFixedSchema() throws Exception {
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        StatsRunners.useService(runner, SaleshandyProperties.SEQUENCE_RECORD_WRITER, "writer", writer);
        runner.setProperty(SaleshandyProperties.ACTIVE_ONLY, "false");
        server.enqueue(ok(SequencePages.envelope("[" + SequencePages.sequence(2) + "," + SequencePages.sequence(3) + "]")));

        runner.run();

        final MockFlowFile output = runner.getFlowFilesForRelationship(ListSaleshandySequences.SUCCESS).getFirst();
        output.assertAttributeEquals("record.count", "2");
        output.assertAttributeEquals("mime.type", "application/json");
        final JsonNode content = mapper.readTree(output.getContent());
        assertEquals(2, content.get(0).get("step_count").intValue());
        assertEquals("Step 2", content.get(0).get("steps").get(1).get("name").textValue());
        assertEquals("Company 2", content.get(0).get("client").get("company_name").textValue());
        assertTrue(content.get(1).get("client").isNull());
        assertEquals(103, content.get(1).get("owner").get("id").longValue());
        assertFalse(content.get(1).get("active").booleanValue());
    }

    @Test
    void doesNothingOnANodeThatIsNotPrimary() {
        assertNotNull(ListSaleshandySequences.class.getAnnotation(PrimaryNodeOnly.class));
        runner.setIsConfiguredForClustering(true);
        runner.setPrimaryNode(false);
        server.enqueue(ok(SequencePages.page(1, 3)));

        runner.run();

        assertEquals(0, server.getRequestCount());
        runner.assertTransferCount(ListSaleshandySequences.SUCCESS, 0);

        runner.setPrimaryNode(true);
        runner.run();

        assertEquals(1, server.getRequestCount());
        runner.assertTransferCount(ListSaleshandySequences.SUCCESS, 1);
    }

    @Test
    void rejectsAClientIdsValueWithAnEmptyEntry() {
        runner.setProperty(SaleshandyProperties.CLIENT_IDS, "c1,,c2");

        runner.assertNotValid();
    }

    @Test
    void theKeyAppearsInNoLogAttributeOrProvenanceEvent() throws Exception {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.MAX_RETRIES, "1");
        server.enqueue(ok(SequencePages.page(1, 4)));
        server.enqueue(new MockResponse.Builder().code(503).body("echo " + KEY).build());
        server.enqueue(new MockResponse.Builder().code(400).body("{\"message\":\"1001: Invalid token " + KEY + "\"}").build());

        runner.run(2);

        assertEquals(KEY, server.takeRequest().getHeaders().get("x-api-key"), "the key is sent, just never shown");
        final List<String> shown = SecretScan.assertNeverShown(runner, KEY);
        assertEquals(1, runner.getFlowFilesForRelationship(ListSaleshandySequences.SUCCESS).size());
        assertTrue(shown.stream().anyMatch(line -> line.contains("API key rejected")), shown.toString());
    }

    private List<String> recordCounts() {
        return runner.getFlowFilesForRelationship(ListSaleshandySequences.SUCCESS).stream().map(f -> f.getAttribute("record.count")).toList();
    }

    private String errorText() {
        return runner.getLogger().getErrorMessages().stream().map(GetSaleshandyStatsTest::text).collect(Collectors.joining("\n"));
    }

    private static MockResponse ok(final String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }
}
