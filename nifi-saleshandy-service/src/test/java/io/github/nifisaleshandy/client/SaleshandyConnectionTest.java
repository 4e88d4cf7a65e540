package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testapi.TricklingBody;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one owner of a processor's HTTP client, page request threads, rate-limit gate and stop signal: what cancel and
 * close leave behind.
 */
class SaleshandyConnectionTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
    private static final StatsRequest REQUEST = new StatsRequest(List.of("seqA"), LocalDate.now(CLOCK).minusDays(3), LocalDate.now(CLOCK), 1, 10);

    @AutoClose
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void setUp() throws IOException {
        server.start();
    }

    @Test
    void cancelEndsACallThatIsStillReadingASlowBodyAtOnce() throws Exception {
        // One byte every 200 ms: minutes in all, so the call is still reading the body (OkHttp's dispatcher no longer knows it).
        final TricklingBody body = new TricklingBody(StatsPages.page(1, 0, 10, false), Duration.ofMillis(200));
        server.enqueue(new MockResponse.Builder().code(200).body(body).build());
        final SaleshandyConnection connection = open(1);
        final SaleshandyClient<Void> client = connection.verbatimStatsClient(new JsonFactory());

        final CompletableFuture<SaleshandyApiException> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                client.fetchPage(REQUEST);
                return null;
            } catch (final SaleshandyApiException e) {
                return e;
            }
        });
        assertTrue(body.clientIsReading().await(10, TimeUnit.SECONDS), "the server began the body");
        connection.cancel();

        final SaleshandyApiException failure = outcome.get(2, TimeUnit.SECONDS);
        assertNotNull(failure, "the page must not complete: its body takes minutes");
        assertEquals(Failure.INTERRUPTED, failure.getFailure(), failure.getMessage());
        assertTrue(connection.isCancelled());
        connection.close();
    }

    @Test
    void cancellingOneProcessorsConnectionLeavesAnotherOnTheSameAccountAlone() throws Exception {
        // The answer's head comes late, so the call is still one the dispatcher runs when the other processor stops.
        server.enqueue(FakeSaleshandyApi.json(200, StatsPages.page(1, 0, 1, false)).headersDelay(300, TimeUnit.MILLISECONDS).build());
        final SaleshandyConnection fetching = open(1);
        final SaleshandyConnection listing = account.connect("another processor", 1);
        final SaleshandyClient<Void> client = fetching.verbatimStatsClient(new JsonFactory());

        final CompletableFuture<StatsPage<Void>> outcome = CompletableFuture.supplyAsync(() -> fetchOrThrow(client.retrying(fetching.retrier((f, n, w) -> { }))));
        assertNotNull(server.takeRequest(10, TimeUnit.SECONDS), "the fetching processor's call is in flight");
        listing.cancel();

        assertEquals(1, outcome.get(10, TimeUnit.SECONDS).recordCount(), "the other processor's call went on");
        assertFalse(fetching.isCancelled());
        listing.close();
        fetching.close();
    }

    @Test
    void closeLeavesNoCallThreadOrConnectionBehind() throws Exception {
        server.enqueue(FakeSaleshandyApi.json(200, StatsPages.page(1, 0, 10, false)).build());
        final SaleshandyConnection connection = open(4);
        final SaleshandyClient<Void> client = connection.verbatimStatsClient(new JsonFactory());
        assertEquals(10, client.retrying(connection.retrier((failure, retry, wait) -> { })).fetch(REQUEST, connection.serialRun().ticket()).recordCount());
        assertNotNull(connection.workers(), "4 in flight need page request threads");

        connection.close();

        assertEquals(0, connection.httpClient().dispatcher().runningCallsCount());
        assertTrue(connection.httpClient().dispatcher().executorService().isShutdown());
        assertTrue(connection.workers().isTerminated());
        assertEquals(0, account.openConnections());
        account.close();
        assertEquals(0, connection.httpClient().connectionPool().connectionCount(), "the account's pool closes with the account");
    }

    @Test
    void sequentialRequestsNeedNoThreadsOfTheirOwn() throws Exception {
        try (SaleshandyConnection connection = open(1)) {
            assertNull(connection.workers());
            assertEquals(1, connection.concurrency());
            assertFalse(connection.isCancelled());
        }
    }

    @Test
    void aCancelledConnectionSendsNoFurtherRequest() throws Exception {
        final SaleshandyConnection connection = open(1);
        final PageFetcher<Void> fetcher = connection.verbatimStatsClient(new JsonFactory()).retrying(connection.retrier((f, n, w) -> { }));
        connection.cancel();

        final ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> CompletableFuture.supplyAsync(() -> fetchOrThrow(fetcher)).get(2, TimeUnit.SECONDS));
        assertEquals(Failure.INTERRUPTED, ((SaleshandyApiException) thrown.getCause().getCause()).getFailure());
        assertEquals(0, server.getRequestCount());
        connection.close();
    }

    private SaleshandyAccount account;

    private SaleshandyConnection open(final int concurrency) {
        final ConnectionSettings settings = new ConnectionSettings(server.url("/"), "key",
                HttpSettings.direct(Duration.ofSeconds(10), Duration.ofSeconds(60), concurrency), RetryPolicy.withMaxRetries(0), concurrency,
                CLOCK, new RecordingSleeper());
        account = new SaleshandyAccount(settings);
        return account.connect("SaleshandyConnectionTest", concurrency);
    }

    private static StatsPage<Void> fetchOrThrow(final PageFetcher<Void> fetcher) {
        try {
            return fetcher.fetch(REQUEST, new AccountRateLimit(Sleeper.SYSTEM, Duration.ofSeconds(60), 1).fixedRun(1).ticket());
        } catch (final SaleshandyApiException e) {
            throw new IllegalStateException(e);
        }
    }
}
