package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.nifisaleshandy.client.SequencesRequest;
import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.SequencePages;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With real waits, a stop during a Retry-After wait on page 2 ends the listing at once, emits nothing of it, and is not an error.
 */
// They wait on the real Sleeper.SYSTEM: a stop that no longer ends a wait fails the test instead of hanging the build.
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ListSaleshandySequencesStopTest {

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    @AutoClose
    private final MockWebServer server = StatsRunners.startedServer();
    private final TestRunner runner = StatsRunners.listing(server, StatsRunners.NOW, Sleeper.SYSTEM);

    @AfterEach
    void tearDown() {
        background.shutdownNow();
    }

    @Test
    void aStopDuringARetryAfterWaitEndsTheListingAtOnceWithNothingEmitted() throws Exception {
        server.setDispatcher(FakeSaleshandyApi.pagesOf(page -> "").withSequences(SequencePages.numbered(1, 2 * SequencesRequest.MAX_PAGE_SIZE))
                .failSequencesAlways(2, new MockResponse.Builder().code(429).setHeader("Retry-After", "60").build()));

        final Future<?> running = background.submit(() -> runner.run(1, false, true));
        assertNotNull(server.takeRequest(30, TimeUnit.SECONDS));
        assertNotNull(server.takeRequest(30, TimeUnit.SECONDS), "the listing never asked for page 2");
        runner.unSchedule();

        running.get(2, TimeUnit.SECONDS);
        runner.stop();
        runner.assertTransferCount(ListSaleshandySequences.SUCCESS, 0);
        assertEquals(0, runner.getProvenanceEvents().size());
        assertEquals(List.of(), runner.getLogger().getErrorMessages(), "a stop is not an error");
    }
}
