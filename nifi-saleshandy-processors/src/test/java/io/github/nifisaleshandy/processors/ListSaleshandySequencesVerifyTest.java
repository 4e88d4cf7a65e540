package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.nifisaleshandy.testapi.SequencePages;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.junit.jupiter.api.Test;

/**
 * "Verify" on ListSaleshandySequences: lists page 1 once and says how many sequences, and how many active, it held.
 */
class ListSaleshandySequencesVerifyTest extends StatsFixture {

    ListSaleshandySequencesVerifyTest() {
        super(StatsRunners::listing);
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
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.BASE_URL, Verification.unreachableUrl());

        assertOutcomes(verify(), Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED);
    }

    private List<ConfigVerificationResult> verify() {
        return Verification.verify(runner, KEY, Map.of());
    }

    private static void assertOutcomes(final List<ConfigVerificationResult> results, final Outcome... expected) {
        Verification.assertOutcomes(results, List.of(SequencesVerifier.REACH, SequencesVerifier.KEY, SequencesVerifier.FIRST_PAGE), expected);
    }
}
