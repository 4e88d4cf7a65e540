package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.nifisaleshandy.client.AccountRateLimit;
import io.github.nifisaleshandy.client.SaleshandyAccount;
import io.github.nifisaleshandy.service.SaleshandyConnectionService;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.SequencePages;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A lister and a fetcher on one connection service share the account's rate limit: a response telling one of them that
 * no requests are left holds the other back until the reset. On a service with another key they do not wait.
 */
class SharedConnectionTest {

    private final RecordingSleeper sleeper = new RecordingSleeper();
    @AutoClose
    private final MockWebServer server = StatsRunners.startedServer();

    @Test
    void aPauseMetByTheListerHoldsBackTheFetcherOnTheSameService() throws Exception {
        final TestRunner fetcher = StatsRunners.fetching(server, StatsRunners.NOW, sleeper);
        final TestRunner lister = listerOn(StatsRunners.connection(fetcher));
        server.enqueue(FakeSaleshandyApi.json(200, SequencePages.page(1, 2))
                .setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", "9").build());
        server.enqueue(FakeSaleshandyApi.json(200, StatsPages.page(1, 0, 2, false)).build());

        lister.run();
        assertEquals(List.of(), sleeper.waits(), "the listing that used the last request is not held back itself");
        fetcher.enqueue("", Map.of("ids", "seqA"));
        fetcher.run();

        lister.assertTransferCount(ListSaleshandySequences.SUCCESS, 1);
        fetcher.assertTransferCount(StatsRelationships.SUCCESS, 1);
        assertEquals(List.of(Duration.ofSeconds(9).plus(AccountRateLimit.RESET_MARGIN)), sleeper.waits(), "the fetcher waited for the reset");
        assertSame(StatsRunners.connection(fetcher).account().rateLimit(), sharedAccountOf(lister).rateLimit(), "one limit on requests in flight for both");
    }

    @Test
    void aServiceWithAnotherKeyIsNotHeldBack() throws Exception {
        final TestRunner fetcher = StatsRunners.fetching(server, StatsRunners.NOW, sleeper);
        final TestRunner lister = StatsRunners.listing(server, StatsRunners.NOW, sleeper);
        StatsRunners.setConnectionProperty(lister, SaleshandyProperties.API_KEY, "another-account");
        server.enqueue(FakeSaleshandyApi.json(200, SequencePages.page(1, 2))
                .setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", "9").build());
        server.enqueue(FakeSaleshandyApi.json(200, StatsPages.page(1, 0, 2, false)).build());

        lister.run();
        fetcher.enqueue("", Map.of("ids", "seqA"));
        fetcher.run();

        fetcher.assertTransferCount(StatsRelationships.SUCCESS, 1);
        assertEquals(List.of(), sleeper.waits());
    }

    private static SaleshandyAccount sharedAccountOf(final TestRunner lister) {
        return ((SaleshandyConnectionService) lister.getControllerService("shared")).account();
    }

    /** A lister whose Saleshandy Connection is {@code shared}, enabled in another runner, as two processors of one flow reference one service. */
    private TestRunner listerOn(final StandardSaleshandyConnectionService shared) throws InitializationException {
        final TestRunner lister = TestRunners.newTestRunner(new ListSaleshandySequences(StatsRunners.NOW));
        final SameAccount sameAccount = new SameAccount(shared);
        lister.addControllerService("shared", sameAccount);
        lister.enableControllerService(sameAccount);
        lister.setProperty(SaleshandyProperties.CONNECTION, "shared");
        return lister;
    }

    /** The shared service as a second runner sees it: nifi-mock enables a service in one runner only. */
    private static final class SameAccount extends AbstractControllerService implements SaleshandyConnectionService {
        private final SaleshandyConnectionService shared;

        SameAccount(final SaleshandyConnectionService shared) {
            this.shared = shared;
        }

        @Override
        public SaleshandyAccount account() {
            return shared.account();
        }
    }
}
