package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.nifisaleshandy.testing.RecordingSleeper;
import io.github.nifisaleshandy.testing.SequencePages;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Verify" on ListSaleshandySequences: lists page 1 once and says how many sequences, and how many active, it held.
 */
class ListSaleshandySequencesVerifyTest {

    private static final String KEY = "sh-verify-list-77b1";

    private final MockWebServer server = new MockWebServer();
    private TestRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        server.start();
        runner = TestRunners.newTestRunner(new ListSaleshandySequences(Clock.fixed(Clock.systemUTC().instant(), ZoneOffset.UTC), new RecordingSleeper()));
        runner.setProperty(SaleshandyProperties.BASE_URL, server.url("/").toString());
        runner.setProperty(SaleshandyProperties.API_KEY, KEY);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void reportsHowManySequencesAndHowManyActiveOnTheFirstPage() throws Exception {
        runner.setProperty(SaleshandyProperties.SEQUENCE_NAME_FILTER, "Onboarding");
        server.enqueue(new MockResponse.Builder().code(200).body(SequencePages.page(1, 30)).build());

        final List<ConfigVerificationResult> results = verify();

        assertOutcomes(results, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL);
        assertEquals("30 sequences on the first page, 20 of them active; no more pages", results.get(2).getExplanation());
        final RecordedRequest sent = server.takeRequest();
        assertEquals("1", sent.getUrl().queryParameter("page"));
        assertEquals("Onboarding", sent.getUrl().queryParameter("sequenceName"));
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void saysTheKeyWasRejected() {
        server.enqueue(new MockResponse.Builder().code(401).body("{\"message\":\"Unauthorized " + KEY + "\"}").build());

        final List<ConfigVerificationResult> results = verify();

        assertOutcomes(results, Outcome.SUCCESSFUL, Outcome.FAILED, Outcome.SKIPPED);
        assertEquals("Sequences page 1: HTTP 401: API key rejected: Unauthorized ****", results.get(1).getExplanation());
    }

    @Test
    void saysSaleshandyCouldNotBeReached() throws Exception {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        runner.setProperty(SaleshandyProperties.BASE_URL, "http://127.0.0.1:" + closedPort);

        assertOutcomes(verify(), Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED);
    }

    private List<ConfigVerificationResult> verify() {
        final List<ConfigVerificationResult> results = ((VerifiableProcessor) runner.getProcessor())
                .verify(runner.getProcessContext(), runner.getLogger(), Map.of());
        results.forEach(result -> assertFalse(result.getExplanation().contains(KEY), result.getExplanation()));
        return results;
    }

    private static void assertOutcomes(final List<ConfigVerificationResult> results, final Outcome... expected) {
        assertEquals(List.of(SequencesVerifier.REACH, SequencesVerifier.KEY, SequencesVerifier.FIRST_PAGE),
                results.stream().map(ConfigVerificationResult::getVerificationStepName).toList());
        assertEquals(List.of(expected), results.stream().map(ConfigVerificationResult::getOutcome).toList(), results.toString());
    }
}
