package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One rate-limit gate per account: connections with the same Base URL and key wait on the same gate, others do not,
 * and the registry holds a digest of the key, never the key, and lets a gate go when its last connection closes.
 */
class RateLimitGatesTest {

    private static final String KEY = "sh-live-gate-Secret-42";
    private static final Clock CLOCK = Clock.fixed(Clock.systemUTC().instant(), ZoneOffset.UTC);
    private static final StatsRequest REQUEST = new StatsRequest(List.of("seqA"), LocalDate.now(CLOCK).minusDays(3), LocalDate.now(CLOCK), 1, 10);

    private final RecordingSleeper sleeper = new RecordingSleeper();
    @AutoClose
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void setUp() throws Exception {
        server.start();
    }

    @Test
    void aPauseSeenByOneConnectionHoldsBackAnotherWithTheSameKey() throws Exception {
        server.enqueue(exhaustedForSevenSeconds());
        server.enqueue(page());
        try (SaleshandyConnection scheduled = open(KEY); SaleshandyConnection fetching = open(KEY)) {
            fetch(scheduled);
            assertEquals(List.of(), sleeper.waits(), "the page that used the last request is not held back itself");

            fetch(fetching);

            assertEquals(List.of(Duration.ofSeconds(7).plus(AccountRateLimit.RESET_MARGIN)), sleeper.waits(), "the other connection waited for the reset");
        }
    }

    @Test
    void anotherKeyIsNotHeldBack() throws Exception {
        server.enqueue(exhaustedForSevenSeconds());
        server.enqueue(page());
        try (SaleshandyConnection first = open(KEY); SaleshandyConnection otherAccount = open("another-account-key")) {
            fetch(first);

            fetch(otherAccount);

            assertEquals(List.of(), sleeper.waits());
        }
    }

    @Test
    void theRegistryHoldsADigestOfTheKeyNeverTheKeyAndLetsGoOnClose() throws Exception {
        final SaleshandyConnection first = open(KEY);
        final SaleshandyConnection second = open(KEY);
        final RateLimitGates.Account account = new RateLimitGates.Account(server.url("/").toString(), RateLimitGates.sha256(KEY));

        assertTrue(RateLimitGates.SHARED.accounts().contains(account), RateLimitGates.SHARED.accounts().toString());
        assertEquals(64, account.keyDigest().length());
        for (final RateLimitGates.Account held : RateLimitGates.SHARED.accounts()) {
            assertFalse(held.toString().contains(KEY), held.toString());
        }

        first.close();
        assertTrue(RateLimitGates.SHARED.accounts().contains(account), "still held by the second connection");
        second.close();
        assertFalse(RateLimitGates.SHARED.accounts().contains(account), "released by the last connection");
    }

    private SaleshandyConnection open(final String key) {
        final ConnectionSettings settings = new ConnectionSettings(server.url("/"), key,
                HttpSettings.direct(Duration.ofSeconds(10), Duration.ofSeconds(60), 1), RetryPolicy.withMaxRetries(0), 1, CLOCK, sleeper);
        return SaleshandyConnection.open(settings, "RateLimitGatesTest");
    }

    private static StatsPage<Void> fetch(final SaleshandyConnection connection) throws SaleshandyApiException {
        return connection.verbatimStatsClient(new JsonFactory()).retrying(connection.retrier((failure, retry, wait) -> { }))
                .fetch(REQUEST, connection.serialRun().ticket());
    }

    private static MockResponse exhaustedForSevenSeconds() {
        return FakeSaleshandyApi.json(200, StatsPages.page(1, 0, 2, false))
                .setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", "7").build();
    }

    private static MockResponse page() {
        return FakeSaleshandyApi.json(200, StatsPages.page(1, 0, 2, false)).build();
    }
}
