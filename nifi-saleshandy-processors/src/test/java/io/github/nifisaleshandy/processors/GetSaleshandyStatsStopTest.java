package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.query.DateRangeMode;
import io.github.nifisaleshandy.query.IncrementalState;
import io.github.nifisaleshandy.query.SequenceSelection;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stop means stop: with real waits, a stop during a Retry-After wait ends the run at once; and a failed input-driven
 * run (FetchSaleshandyStats) against a rate-limited or unavailable API yields, so that the next FlowFile does not hit the API at once.
 */
// They wait on the real Sleeper.SYSTEM: a stop that no longer ends a wait fails the test instead of hanging the build.
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GetSaleshandyStatsStopTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-10T10:00:00Z"), ZoneOffset.UTC);
    private static final LocalDate TODAY = LocalDate.now(CLOCK);
    private static final List<String> IDS = List.of("seqA");

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    @AutoClose
    private final MockWebServer server = StatsRunners.startedServer();
    private TestRunner runner = StatsRunners.scheduled(server, CLOCK, Sleeper.SYSTEM);

    @BeforeEach
    void setUp() {
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, String.join(",", IDS));
        runner.removeProperty(SaleshandyProperties.START_DATE);
    }

    @AfterEach
    void tearDown() {
        background.shutdownNow();
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void aStopDuringARetryAfterWaitEndsTheRunAtOnceWithNothingEmittedAndStateUnchanged(final int concurrency) throws Exception {
        runner.setProperty(SaleshandyProperties.CONCURRENT_REQUESTS, String.valueOf(concurrency));
        runner.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.INCREMENTAL);
        runner.setProperty(SaleshandyProperties.INITIAL_START_DATE, TODAY.minusDays(20).toString());
        final Map<String, String> before = Map.of(IncrementalState.LAST_END_DATE_KEY, TODAY.minusDays(3).toString(),
                IncrementalState.QUERY_FINGERPRINT_KEY, IncrementalState.fingerprint(server.url("/").toString(), DateRangeMode.INCREMENTAL,
                        SequenceSelection.given(IDS), TODAY.minusDays(20)));
        runner.getStateManager().setState(before, Scope.CLUSTER);

        stopARunWaitingOutARateLimit();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        assertEquals(0, runner.getProvenanceEvents().size());
        assertEquals(before, runner.getStateManager().getState(Scope.CLUSTER).toMap());
        assertEquals(List.of(), runner.getLogger().getErrorMessages(), "a stop is not an error");
    }

    @Test
    void aStopDuringAnInputDrivenRunLeavesItsFlowFileQueued() throws Exception {
        useIncomingFlowFiles();
        runner.enqueue("", Map.of("ids", "seqA"));

        stopARunWaitingOutARateLimit();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        runner.assertTransferCount(StatsRelationships.FAILURE, 0);
        assertEquals(1, runner.getQueueSize().getObjectCount());
    }

    static Stream<Arguments> failuresOfAnInputDrivenRun() {
        return Stream.of(
                Arguments.of(rateLimitedForAMinute(), "RATE_LIMITED", true),
                Arguments.of(new MockResponse.Builder().code(503).body("down").build(), "TRANSIENT", true),
                Arguments.of(new MockResponse.Builder().code(400).body("{\"message\":\"Invalid sequence ids\"}").build(), "INVALID_REQUEST", false));
    }

    /** A rate limit or an unavailable API makes an input-driven run yield, so the next FlowFile waits; a rejected request does not. */
    @ParameterizedTest(name = "{1}: yields {2}")
    @MethodSource("failuresOfAnInputDrivenRun")
    void anInputDrivenRunYieldsOnlyWhileTheApiCannotServeIt(final MockResponse response, final String errorType, final boolean yields) {
        server.setDispatcher(FakeSaleshandyApi.pagesOf(page -> "").failAlways(response));
        useIncomingFlowFiles();
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.MAX_RETRIES, "0");
        runner.enqueue("", Map.of("ids", "seqA"));

        runner.run();

        runner.getFlowFilesForRelationship(StatsRelationships.FAILURE).getFirst().assertAttributeEquals("saleshandy.error.type", errorType);
        assertEquals(yields, ((MockProcessContext) runner.getProcessContext()).isYieldCalled());
    }

    /** Starts a run against an API that answers every page with a one-minute rate limit and stops it once it has asked. */
    private void stopARunWaitingOutARateLimit() throws Exception {
        server.setDispatcher(FakeSaleshandyApi.pagesOf(page -> "").failAlways(rateLimitedForAMinute()));
        final Future<?> running = background.submit(() -> runner.run(1, false, true));
        assertNotNull(server.takeRequest(5, TimeUnit.SECONDS), "the run never reached the server");
        runner.unSchedule();
        running.get(2, TimeUnit.SECONDS);
        runner.stop();
    }

    /** Input-driven runs are FetchSaleshandyStats' job. */
    private void useIncomingFlowFiles() {
        runner = StatsRunners.fetching(server, CLOCK, Sleeper.SYSTEM);
        runner.setProperty(SaleshandyProperties.END_DATE, TODAY.toString());
    }

    private static MockResponse rateLimitedForAMinute() {
        return new MockResponse.Builder().code(429).setHeader("Retry-After", "60").body("{\"message\":\"Too Many Requests\"}").build();
    }
}
