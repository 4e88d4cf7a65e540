package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FetchSaleshandyStats with several concurrent tasks: the runs share one connection (its threads and its account's
 * rate-limit gate) and nothing else, so every record of every FlowFile comes out exactly once; and a stop ends them all.
 */
// They wait on the real Sleeper.SYSTEM: a stop that no longer ends a wait fails the test instead of hanging the build.
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FetchSaleshandyStatsConcurrencyTest {

    private static final Clock CLOCK = StatsRunners.NOW;
    private static final LocalDate TODAY = StatsRunners.today(CLOCK);
    private static final int FLOW_FILES = 40;
    private static final int TASKS = 4;
    /** Per sequence: pages of 10, 10 and 4 records. */
    private static final int PAGES = 3;

    private final ObjectMapper mapper = new ObjectMapper();
    /** Sequence n's records are recipients n*100 and up; it has {@value #PAGES} pages. */
    private final FakeSaleshandyApi api = FakeSaleshandyApi.serving(FetchSaleshandyStatsConcurrencyTest::page);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    @AutoClose
    private final MockWebServer server = StatsRunners.startedServer();

    @AfterEach
    void tearDown() {
        background.shutdownNow();
    }

    @Test
    void fourTasksOverFortyFlowFilesEmitEveryRecordExactlyOnce() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(final RecordedRequest request) throws InterruptedException {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(20);
                    return api.dispatch(request);
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        });
        final TestRunner runner = runner(new RecordingSleeper());
        runner.setProperty(SaleshandyProperties.CONCURRENT_REQUESTS, "2");
        for (int sequence = 0; sequence < FLOW_FILES; sequence++) {
            runner.enqueue("", Map.of("saleshandy.sequence.ids", "seq-" + sequence));
        }

        runner.setThreadCount(TASKS);
        runner.run(FLOW_FILES);

        runner.assertTransferCount(StatsRelationships.ORIGINAL, FLOW_FILES);
        runner.assertTransferCount(StatsRelationships.FAILURE, 0);
        final Set<String> recipients = new HashSet<>();
        for (final MockFlowFile output : runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS)) {
            final int sequence = Integer.parseInt(output.getAttribute("saleshandy.sequence.ids").substring("seq-".length()));
            for (final JsonNode record : mapper.readTree(output.getContent())) {
                final String recipient = record.get("Recipient Email").textValue();
                assertTrue(recipients.add(recipient), "emitted twice: " + recipient);
                assertEquals(sequence, recipientNumber(recipient) / 100, "a record of another FlowFile's sequence: " + recipient);
            }
        }
        assertEquals(FLOW_FILES * 24, recipients.size());
        assertEquals(FLOW_FILES * PAGES, runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS).size());
        assertTrue(mostInFlight.get() > 1, "the tasks ran concurrently: at most " + mostInFlight.get() + " requests were in flight");
    }

    @Test
    void aStopEndsEveryConcurrentRunAtOnceAndPutsTheirFlowFilesBack() throws Exception {
        server.setDispatcher(api.failAlways(FakeSaleshandyApi.json(429, "{\"message\":\"Too Many Requests\"}").setHeader("Retry-After", "60").build()));
        final TestRunner runner = runner(Sleeper.SYSTEM);
        for (int sequence = 0; sequence < TASKS; sequence++) {
            runner.enqueue("", Map.of("saleshandy.sequence.ids", "seq-" + sequence));
        }
        runner.setThreadCount(TASKS);

        final Future<?> running = background.submit(() -> runner.run(TASKS, false, true));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((runner.getQueueSize().getObjectCount() > 0 || server.getRequestCount() == 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, runner.getQueueSize().getObjectCount(), "every task took its FlowFile");
        runner.unSchedule();

        running.get(2, TimeUnit.SECONDS);
        runner.stop();
        assertEquals(TASKS, runner.getQueueSize().getObjectCount(), "every FlowFile is back in the queue");
        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        runner.assertTransferCount(StatsRelationships.FAILURE, 0);
        assertEquals(0, runner.getLogger().getErrorMessages().size(), "a stop is not an error");
    }

    /** Fetches the sequences named in the saleshandy.sequence.ids attribute, as behind ListSaleshandySequences. */
    private TestRunner runner(final Sleeper sleeper) {
        final TestRunner runner = StatsRunners.fetching(server, CLOCK, sleeper);
        runner.removeProperty(SaleshandyProperties.FETCH_SEQUENCE_IDS);
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusDays(5).toString());
        return runner;
    }

    private static byte[] page(final int page, final JsonNode request) {
        final int sequence = Integer.parseInt(request.get("sequenceIds").get(0).textValue().substring("seq-".length()));
        final String json = page > PAGES ? StatsPages.envelope("[]", false, 1)
                : StatsPages.page(page, sequence * 100 + (page - 1) * 10, page == PAGES ? 4 : 10, page < PAGES);
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static int recipientNumber(final String email) {
        return Integer.parseInt(email.substring("recipient".length(), email.indexOf('@')));
    }
}
