package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testapi.TricklingBody;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The processor against a hostile or broken server: a redirect to another host, a body that trickles, a Base URL
 * behind a gateway path. Each run fails cleanly (nothing emitted, the reason on the incoming FlowFile) or succeeds.
 */
class HardeningTest {

    private static final String KEY = "k/ey-Secret+123=";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

    @AutoClose
    private final MockWebServer server = StatsRunners.startedServer();
    @AutoClose
    private final MockWebServer elsewhere = StatsRunners.startedServer();
    private final TestRunner runner = StatsRunners.fetching(server, CLOCK, new RecordingSleeper());

    @BeforeEach
    void setUp() {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.API_KEY, KEY);
        runner.setProperty(SaleshandyProperties.END_DATE, StatsRunners.today(CLOCK).toString());
    }

    @AfterEach
    void tearDown() {
        SecretScan.shownBy(runner).forEach(line -> assertFalse(line.contains(KEY), "the API key leaked: " + line));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {301, 302, 307, 308})
    void aRedirectToAnotherHostIsNotFollowedAndNothingIsEmitted(final int status) {
        server.enqueue(new MockResponse.Builder().code(status).setHeader("Location", elsewhere.url("/v1/analytics/consolidated-stats").toString()).build());

        final MockFlowFile failed = runOnce();

        assertEquals(0, elsewhere.getRequestCount(), "the key went to the redirect target");
        assertEquals(1, server.getRequestCount(), "a redirect is not retried");
        assertEquals(0, runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS).size());
        assertEquals("REDIRECTED", failed.getAttribute("saleshandy.error.type"));
        assertTrue(failed.getAttribute("saleshandy.error.message").contains("redirect to " + elsewhere.getHostName() + ":" + elsewhere.getPort()),
                failed.getAttribute("saleshandy.error.message"));
    }

    @Test
    void theRequestTimeoutPropertyEndsATricklingResponseAsATransientFailure() {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.REQUEST_TIMEOUT, "1 sec");
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.READ_TIMEOUT, "30 sec");
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.MAX_RETRIES, "0");
        server.enqueue(new MockResponse.Builder().code(200).body(new TricklingBody(StatsPages.page(1, 0, 5, false), Duration.ofMillis(50))).build());
        final long started = System.nanoTime();

        final MockFlowFile failed = runOnce();

        final Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
        assertEquals(0, runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS).size());
        assertEquals("TRANSIENT", failed.getAttribute("saleshandy.error.type"));
        assertTrue(failed.getAttribute("saleshandy.error.message").contains("request timeout of 1s"), failed.getAttribute("saleshandy.error.message"));
    }

    @Test
    void aBaseUrlWithAGatewayPathIsValidAndKept() throws Exception {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.BASE_URL, server.url("/saleshandy").toString());
        runner.assertValid();
        server.enqueue(new MockResponse.Builder().code(200).body(StatsPages.page(1, 0, 2, false)).build());

        runner.enqueue("", Map.of("ids", "seqA"));
        runner.run();

        assertEquals("/saleshandy/v1/analytics/consolidated-stats", server.takeRequest().getUrl().encodedPath());
        assertEquals(1, runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS).size());
    }

    private MockFlowFile runOnce() {
        runner.enqueue("", Map.of("ids", "seqA"));
        runner.run();
        return runner.getFlowFilesForRelationship(StatsRelationships.FAILURE).getFirst();
    }
}
