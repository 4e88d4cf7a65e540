package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.query.DateRangeMode;
import io.github.nifisaleshandy.query.IncrementalState;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The two processors in a cluster, as far as nifi-mock 2.8.0 can show it. It models a clustered node (primary or not)
 * and cluster state, but enforces neither {@code @PrimaryNodeOnly} (it triggers a processor on a non-primary node all
 * the same) nor {@code @InputRequirement} (a processor with a forbidden incoming connection stays valid): NiFi's
 * framework does both. So these tests check the annotations the framework acts on, and what each processor does on the
 * node where the framework lets it run.
 */
class StatsProcessorsClusterTest {

    private static final Clock CLOCK = StatsRunners.NOW;
    private static final LocalDate TODAY = StatsRunners.today(CLOCK);

    @AutoClose
    private final MockWebServer server = StatsRunners.startedServer();

    @Test
    void getIsAPrimaryNodeSourceWithSuccessOnly() {
        final TestRunner runner = StatsRunners.scheduled(server, CLOCK, new RecordingSleeper());

        assertTrue(GetSaleshandyStats.class.isAnnotationPresent(PrimaryNodeOnly.class));
        assertTrue(GetSaleshandyStats.class.isAnnotationPresent(TriggerSerially.class));
        assertEquals(Set.of("success"), runner.getProcessor().getRelationships().stream().map(Relationship::getName).collect(Collectors.toSet()));
    }

    @Test
    void getForbidsAnIncomingConnectionAndNeverTakesAQueuedFlowFile() {
        final TestRunner runner = StatsRunners.scheduled(server, CLOCK, new RecordingSleeper());
        assertEquals(InputRequirement.Requirement.INPUT_FORBIDDEN,
                ((MockProcessContext) runner.getProcessContext()).getInputRequirement().value(), "what NiFi's framework validates connections against");
        server.enqueue(FakeSaleshandyApi.json(200, StatsPages.page(1, 0, 2, false)).build());
        runner.setIncomingConnection(true);
        runner.enqueue("", Map.of("ids", "other"));

        runner.run();

        assertEquals(1, runner.getQueueSize().getObjectCount(), "the FlowFile is not Get's to take");
        runner.assertTransferCount(StatsRelationships.SUCCESS, 1);
    }

    @Test
    void getOnThePrimaryNodeKeepsItsIncrementalPositionInClusterState() {
        final TestRunner runner = StatsRunners.scheduled(server, CLOCK, new RecordingSleeper());
        runner.setIsConfiguredForClustering(true);
        runner.setPrimaryNode(true);
        runner.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.INCREMENTAL);
        runner.setProperty(SaleshandyProperties.INITIAL_START_DATE, TODAY.minusDays(5).toString());
        server.enqueue(FakeSaleshandyApi.json(200, StatsPages.page(1, 0, 2, false)).build());

        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 1);
        runner.getStateManager().assertStateEquals(IncrementalState.LAST_END_DATE_KEY, TODAY.toString(), Scope.CLUSTER);
        runner.getStateManager().assertStateNotSet(Scope.LOCAL);
    }

    @Test
    void fetchWorksOnANodeThatIsNotPrimaryAndKeepsNoState() {
        final TestRunner runner = StatsRunners.fetching(server, CLOCK, new RecordingSleeper());
        runner.setIsConfiguredForClustering(true);
        runner.setPrimaryNode(false);
        server.enqueue(FakeSaleshandyApi.json(200, StatsPages.page(1, 0, 2, false)).build());

        runner.enqueue("", Map.of("ids", "seqA"));
        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 1);
        runner.assertTransferCount(StatsRelationships.ORIGINAL, 1);
        runner.getStateManager().assertStateNotSet(Scope.CLUSTER);
        runner.getStateManager().assertStateNotSet(Scope.LOCAL);
    }
}
