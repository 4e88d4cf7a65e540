package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * NiFi's "Verify" button: each step reported in plain words, never the key.
 */
class VerifyTest {

    private static final Clock CLOCK = StatsRunners.NOW;

    private static final String KEY = "sh-verify-5e6f7a";

    @AutoClose
    private final MockWebServer server = StatsRunners.startedServer();
    private final TestRunner runner = StatsRunners.scheduled(server, CLOCK, new RecordingSleeper());

    @BeforeEach
    void setUp() {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.API_KEY, KEY);
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "${ids}");
        runner.removeProperty(SaleshandyProperties.RECORD_FORMAT);
    }

    @Test
    void reportsEveryStepWhenAllIsWellFetchingTheSmallestPage() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(StatsPages.page(1, 0, 10, true)).build());

        final List<ConfigVerificationResult> results = verify(Map.of("ids", "a,b"));

        assertOutcomes(results, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL);
        assertEquals("10 records on the first page of 10; more pages follow", results.get(3).getExplanation());
        assertEquals(10, new ObjectMapper().readTree(server.takeRequest().getBody().utf8()).get("pageLimit").intValue());
    }

    @Test
    void saysTheKeyWasRejected() throws Exception {
        server.enqueue(new MockResponse.Builder().code(400).body("{\"message\":\"1001: Invalid token\"}").build());

        final List<ConfigVerificationResult> results = verify(Map.of("ids", "a"));

        assertOutcomes(results, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.FAILED, Outcome.SKIPPED);
        assertEquals("Page 1: HTTP 400: API key rejected: 1001: Invalid token", results.get(2).getExplanation());
    }

    @Test
    void saysSaleshandyCouldNotBeReached() throws Exception {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.BASE_URL, Verification.unreachableUrl());

        final List<ConfigVerificationResult> results = verify(Map.of("ids", "a"));

        assertOutcomes(results, Outcome.SUCCESSFUL, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED);
    }

    @Test
    void saysWhichRuleTheConfigurationBreaks() {
        final List<ConfigVerificationResult> results = verify(Map.of("ids", "a,,b"));

        assertOutcomes(results, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED);
        assertEquals("Sequence IDs has an empty entry (entry 2): separate IDs with a single comma or whitespace", results.getFirst().getExplanation());
        assertEquals(0, server.getRequestCount());
    }

    private List<ConfigVerificationResult> verify(final Map<String, String> attributes) {
        return Verification.verify(runner, KEY, attributes);
    }

    private static void assertOutcomes(final List<ConfigVerificationResult> results, final Outcome... expected) {
        Verification.assertOutcomes(results, List.of(StatsVerifier.CONFIGURATION, StatsVerifier.REACH, StatsVerifier.KEY, StatsVerifier.FIRST_PAGE), expected);
    }
}
