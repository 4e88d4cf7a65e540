package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.processors.InMemorySaleshandyService.Page;
import io.github.nifisaleshandy.testapi.BackgroundCall;
import java.util.List;
import java.util.Map;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stop ends a run at once from {@code @OnUnscheduled} (the client is cancelled): nothing of the run is emitted, the
 * Incremental state stays, an incoming FlowFile goes back to its queue, and no error is reported: a stop is no failure.
 */
@Timeout(20)
class StopTest {

    @Test
    void aStopDuringAWaitEndsTheRunAtOnceWithNothingEmittedAndStateUnchanged() throws Exception {
        final Fixture fixture = Fixture.scheduled();
        final TestRunner runner = fixture.runner;
        runner.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.INCREMENTAL);
        runner.setProperty(SaleshandyProperties.INITIAL_START_DATE, Fixture.today().minusDays(20).toString());
        final Map<String, String> before = Map.of(StatsQueryResolver.LAST_END_DATE_KEY, Fixture.today().minusDays(3).toString(),
                StatsQueryResolver.QUERY_FINGERPRINT_KEY, "an earlier position");
        runner.getStateManager().setState(before, Scope.CLUSTER);
        fixture.service.answerStats(new Page(10, 0), InMemorySaleshandyService.UNTIL_CANCELLED, new Page(10, 0));

        stopWhileWaiting(fixture);

        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 0);
        assertEquals(0, runner.getProvenanceEvents().size());
        assertEquals(before, runner.getStateManager().getState(Scope.CLUSTER).toMap());
        assertEquals(List.of(), runner.getLogger().getErrorMessages(), "a stop is not an error");
        assertTrue(fixture.service.clients.getFirst().closed, "@OnStopped closes the client");
    }

    @Test
    void aStopDuringAnInputDrivenRunLeavesItsFlowFileQueued() throws Exception {
        final Fixture fixture = Fixture.fetching();
        fixture.runner.enqueue("", Map.of("ids", "seqA"));
        fixture.service.answerStats(InMemorySaleshandyService.UNTIL_CANCELLED);

        stopWhileWaiting(fixture);

        fixture.runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 0);
        fixture.runner.assertTransferCount(AbstractStatsProcessor.FAILURE, 0);
        assertEquals(1, fixture.runner.getQueueSize().getObjectCount());
        assertEquals(List.of(), fixture.runner.getLogger().getErrorMessages());
    }

    @Test
    void aStopDuringAListingEndsItAtOnceWithNothingEmitted() throws Exception {
        final Fixture fixture = Fixture.listing();
        fixture.service.account(List.of(InMemorySaleshandyService.sequence("s1", true)));
        fixture.service.beforeListing(InMemorySaleshandyService.UNTIL_CANCELLED);

        stopWhileWaiting(fixture);

        fixture.runner.assertTransferCount(ListSaleshandySequences.SUCCESS, 0);
        assertEquals(List.of(), fixture.runner.getLogger().getErrorMessages());
        assertTrue(fixture.runner.getLogger().getInfoMessages().stream().anyMatch(m -> m.getMsg().contains("Stopped before the listing finished")));
    }

    /** Starts one run, waits until it waits on the service, stops the processor as NiFi does, and waits for the run to end. */
    private static void stopWhileWaiting(final Fixture fixture) throws Exception {
        final BackgroundCall<Void> running = BackgroundCall.start(() -> {
            fixture.runner.run(1, false, true);
            return null;
        });
        running.awaitParkedOrDone();
        fixture.runner.unSchedule();
        running.get();
        fixture.runner.stop();
    }
}
