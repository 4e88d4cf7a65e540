package io.github.nifisaleshandy.processors;

import static io.github.nifisaleshandy.processors.InMemorySaleshandyService.failure;
import static io.github.nifisaleshandy.processors.InMemorySaleshandyService.sequence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.processors.AbstractSaleshandyProcessor.VerificationSteps;
import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.Sequence;
import io.github.nifisaleshandy.service.SequencesQuery;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.Test;

/**
 * ListSaleshandySequences: the account's sequences as typed records in batches, one all-or-nothing run, the filters it
 * asks the service for, and Verify.
 */
class ListSaleshandySequencesTest {

    private static final List<String> VERIFY_STEPS = List.of(VerificationSteps.REACH, VerificationSteps.KEY, ListSaleshandySequences.FIRST_PAGE);

    private final ObjectMapper mapper = new ObjectMapper();
    private final Fixture fixture = Fixture.listing();
    private final TestRunner runner = fixture.runner;
    private final InMemorySaleshandyService service = fixture.service;

    @Test
    void emitsBatchesOfBatchSizeAsFragmentsOfOneRun() throws Exception {
        runner.setProperty(SaleshandyProperties.ACTIVE_ONLY, "false");
        service.account(numbered(120));

        runner.run();

        assertEquals(List.of(SequencesQuery.everySequence()), service.sequencesQueries);
        assertEquals(1, service.connected.getFirst().concurrentRequests());
        final List<MockFlowFile> outputs = runner.getFlowFilesForRelationship(ListSaleshandySequences.SUCCESS);
        assertEquals(List.of(50, 50, 20), outputs.stream().map(f -> Integer.valueOf(f.getAttribute("record.count"))).toList());
        assertEquals(1, outputs.stream().map(f -> f.getAttribute("fragment.identifier")).collect(Collectors.toSet()).size());
        for (int i = 0; i < 3; i++) {
            final MockFlowFile output = outputs.get(i);
            final List<String> ids = IntStream.rangeClosed(1 + 50 * i, Math.min(120, 50 * (i + 1))).mapToObj(n -> "seq-" + n).toList();
            output.assertAttributeEquals(SaleshandyAttributes.SEQUENCE_IDS, String.join(",", ids));
            output.assertAttributeEquals(ListSaleshandySequences.SEQUENCE_COUNT, String.valueOf(ids.size()));
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
            assertEquals(InMemorySaleshandyService.SEQUENCES_URL, event.getTransitUri());
        }
        assertEquals(120, runner.getCounterValue(ListSaleshandySequences.SEQUENCES_COUNTER));
    }

    @Test
    void writesEachSequenceAsATypedRecord() throws Exception {
        runner.setProperty(SaleshandyProperties.ACTIVE_ONLY, "false");
        service.account(List.of(typed(2, true), typed(3, false)));

        runner.run();

        assertEquals(mapper.readTree(EXPECTED_RECORDS), mapper.readTree(runner.getFlowFilesForRelationship(ListSaleshandySequences.SUCCESS).getFirst().getContent()));
    }

    @Test
    void writesThroughTheRecordWriterWithTheFixedSchema() throws Exception {
        fixture.use("writer", new JsonRecordSetWriter(), SaleshandyProperties.SEQUENCE_RECORD_WRITER);
        runner.setProperty(SaleshandyProperties.ACTIVE_ONLY, "false");
        service.account(List.of(typed(2, true), typed(3, false)));

        runner.run();

        final MockFlowFile output = runner.getFlowFilesForRelationship(ListSaleshandySequences.SUCCESS).getFirst();
        output.assertAttributeEquals("record.count", "2");
        output.assertAttributeEquals("mime.type", "application/json");
        assertEquals(mapper.readTree(EXPECTED_RECORDS), mapper.readTree(output.getContent()));
    }

    @Test
    void asksTheServiceForTheFiltersAndMaxPages() {
        runner.setProperty(SaleshandyProperties.SEQUENCE_NAME_FILTER, "Welcome");
        runner.setProperty(SaleshandyProperties.CLIENT_IDS, "c1, c2 c1");
        runner.setProperty(SaleshandyProperties.SEQUENCE_MAX_PAGES, "7");

        runner.run();

        assertEquals(List.of(SequencesQuery.everySequence().withSequenceName("Welcome").withClientIds(List.of("c1", "c2")).withMaxPages(7)),
                service.sequencesQueries);
    }

    @Test
    void activeOnlyLeavesOutInactiveSequences() {
        service.account(numbered(5));

        runner.run();

        runner.getFlowFilesForRelationship(ListSaleshandySequences.SUCCESS).getFirst()
                .assertAttributeEquals(SaleshandyAttributes.SEQUENCE_IDS, "seq-1,seq-2,seq-4,seq-5");
        assertTrue(runner.getLogger().getInfoMessages().stream().anyMatch(m -> m.getMsg().contains("Listed 5 sequences on 1 pages; emitted 4 in 1 FlowFiles")));
    }

    @Test
    void aListingThatFailsOnItsSecondPageEmitsNothingAndYields() {
        runner.setProperty(SaleshandyProperties.SEQUENCE_MAX_PAGES, "1");
        service.account(numbered(1000));

        runner.run();

        runner.assertTransferCount(ListSaleshandySequences.SUCCESS, 0);
        assertEquals(0, runner.getProvenanceEvents().size());
        assertTrue(runner.getLogger().getErrorMessages().getFirst().getMsg().contains("Listing Saleshandy sequences failed; no FlowFile was emitted"));
        assertTrue(((MockProcessContext) runner.getProcessContext()).isYieldCalled());
    }

    @Test
    void anEmptyAccountEmitsNothingAndSucceeds() {
        runner.run();

        runner.assertTransferCount(ListSaleshandySequences.SUCCESS, 0);
        assertEquals(List.of(), runner.getLogger().getErrorMessages());
    }

    @Test
    void doesNothingOnANodeThatIsNotPrimary() {
        assertNotNull(ListSaleshandySequences.class.getAnnotation(PrimaryNodeOnly.class));
        service.account(numbered(3));
        runner.setIsConfiguredForClustering(true);
        runner.setPrimaryNode(false);

        runner.run();

        assertEquals(List.of(), service.sequencesQueries);
        runner.setPrimaryNode(true);
        runner.run();

        runner.assertTransferCount(ListSaleshandySequences.SUCCESS, 1);
    }

    @Test
    void rejectsAClientIdsValueWithAnEmptyEntryAndAFilterWithAControlCharacter() {
        runner.setProperty(SaleshandyProperties.CLIENT_IDS, "c1,,c2");
        runner.assertNotValid();
        runner.removeProperty(SaleshandyProperties.CLIENT_IDS);
        runner.setProperty(SaleshandyProperties.SEQUENCE_NAME_FILTER, "Welcome\tCampaign");
        runner.assertNotValid();
        runner.setProperty(SaleshandyProperties.SEQUENCE_NAME_FILTER, "Welcome Campaign");
        runner.assertValid();
    }

    @Test
    void verifyReportsHowManySequencesAndHowManyActiveOnTheFirstPage() {
        service.account(numbered(5));

        final var results = fixture.verify(Map.of());

        Fixture.assertOutcomes(results, VERIFY_STEPS, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL);
        assertEquals("5 sequences on the first page, 4 of them active; no more pages", results.get(2).getExplanation());
        assertEquals(ClientOptions.verify("Verify"), service.connected.getFirst());
        assertEquals(1, service.sequencesQueries.getFirst().maxPages());
    }

    @Test
    void verifySaysTheKeyWasRejected() {
        service.beforeListing(failure(Failure.KEY_REJECTED, "Sequences page 1: HTTP 401: API key rejected: Unauthorized"));

        final var results = fixture.verify(Map.of());

        Fixture.assertOutcomes(results, VERIFY_STEPS, Outcome.SUCCESSFUL, Outcome.FAILED, Outcome.SKIPPED);
        assertEquals("Sequences page 1: HTTP 401: API key rejected: Unauthorized", results.get(1).getExplanation());
    }

    @Test
    void verifySaysSaleshandyCouldNotBeReached() {
        service.beforeListing(failure(Failure.TRANSIENT, "Sequences page 1: connection refused"));

        final var results = fixture.verify(Map.of());

        Fixture.assertOutcomes(results, VERIFY_STEPS, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED);
        assertFalse(results.getFirst().getExplanation().isEmpty());
    }

    private static final String EXPECTED_RECORDS = """
            [{"id":"seq-2","title":"Sequence 2","active":true,"step_count":2,
              "steps":[{"id":"step-2-1","name":"Step 1"},{"id":"step-2-2","name":"Step 2"}],
              "client":{"id":"client-2","company_name":"Company 2","first_name":"Cara","last_name":"Client"},
              "owner":{"id":102,"first_name":"Owen","last_name":"Owner","email":"owner102@example.com"}},
             {"id":"seq-3","title":"Sequence 3","active":false,"step_count":3,
              "steps":[{"id":"step-3-1","name":"Step 1"},{"id":"step-3-2","name":"Step 2"},{"id":"step-3-3","name":"Step 3"}],
              "client":null,
              "owner":{"id":103,"first_name":"Owen","last_name":"Owner","email":"owner103@example.com"}}]""";

    /** Sequence {@code n} with {@code n} steps; even ones belong to a client. */
    private static Sequence typed(final int n, final boolean active) {
        return new Sequence("seq-" + n, "Sequence " + n, active,
                IntStream.rangeClosed(1, n).mapToObj(s -> new Sequence.Step("step-" + n + "-" + s, "Step " + s)).toList(),
                n % 2 == 0 ? new Sequence.Client("client-" + n, "Company " + n, "Cara", "Client") : null,
                new Sequence.Owner(100L + n, "Owen", "Owner", "owner" + (100 + n) + "@example.com"));
    }

    /** seq-1..seq-N, seq-3 inactive. */
    private static List<Sequence> numbered(final int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> sequence("seq-" + i, i != 3)).toList();
    }
}
