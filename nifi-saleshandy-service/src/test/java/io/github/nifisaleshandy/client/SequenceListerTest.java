package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.testapi.SequencePages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paging through {@code GET /v1/sequences} against a fake server: where a listing ends, and where it is stopped.
 */
class SequenceListerTest {

    private static final Clock CLOCK = Clock.fixed(Clock.systemUTC().instant(), ZoneOffset.UTC);

    private final MockWebServer server = new MockWebServer();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private SaleshandyConnection connection;
    private final List<String> listed = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server.start();
        connection = new SaleshandyAccount(new ConnectionSettings(server.url("/"), "key",
                HttpSettings.direct(Duration.ofSeconds(5), Duration.ofSeconds(5), 1), RetryPolicy.withMaxRetries(2), 1, CLOCK, sleeper)).connect("test", 1);
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        server.close();
    }

    /** A short third page is the last; so is an empty one after two full pages. */
    @ParameterizedTest
    @ValueSource(ints = {3, 0})
    void aShortOrEmptyPageIsTheLast(final int lastPageSize) throws Exception {
        server.enqueue(ok(SequencePages.page(1, 10)));
        server.enqueue(ok(SequencePages.page(11, 10)));
        server.enqueue(ok(SequencePages.page(21, lastPageSize)));

        final SequenceLister.Listing listing = lister(100).list(SequencesRequest.all(10), false, this::collect);

        assertEquals(new SequenceLister.Listing(3, 20 + lastPageSize, 20 + lastPageSize), listing);
        assertEquals(IntStream.rangeClosed(1, 20 + lastPageSize).mapToObj(n -> "seq-" + n).toList(), listed);
        assertEquals(List.of("1", "2", "3"), pagesRequested());
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void activeOnlyHandsOnOnlyActiveSequencesButCountsEveryListedOne() throws Exception {
        server.enqueue(ok(SequencePages.page(1, 10)));
        server.enqueue(ok(SequencePages.page(11, 2)));

        final SequenceLister.Listing listing = lister(100).list(SequencesRequest.all(10), true, this::collect);

        assertEquals(new SequenceLister.Listing(2, 12, 8), listing);
        assertEquals(IntStream.rangeClosed(1, 12).filter(SequencePages::isActive).mapToObj(n -> "seq-" + n).toList(), listed);
    }

    @Test
    void aPageRepeatingThePreviousOneStopsTheListing() {
        server.enqueue(ok(SequencePages.page(1, 10)));
        server.enqueue(ok(SequencePages.page(1, 10)));

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> lister(100).list(SequencesRequest.all(10), false, this::collect));

        assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
        assertEquals("Paging stopped: sequences page 2 repeats page 1 (the same 10 sequence IDs); "
                + "Saleshandy does not seem to honour the page parameter", e.getMessage());
        assertEquals(10, listed.size(), "the repeated page is not handed on");
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void sendsTheFiltersWithEveryPage() throws Exception {
        server.enqueue(ok(SequencePages.page(1, 2)));
        server.enqueue(ok(SequencePages.page(3, 1)));
        final SequencesRequest request = SequencesRequest.all(2).withSequenceName("Onboarding").withClientIds(List.of("c7"));

        lister(100).list(request, false, this::collect);

        for (int page = 1; page <= 2; page++) {
            final RecordedRequest sent = server.takeRequest();
            assertEquals(String.valueOf(page), sent.getUrl().queryParameter("page"));
            assertEquals("2", sent.getUrl().queryParameter("pageSize"));
            assertEquals("Onboarding", sent.getUrl().queryParameter("sequenceName"));
            assertEquals("c7", sent.getUrl().queryParameter("clientIds"));
        }
    }

    @Test
    void aFullPageAtMaxPagesFailsTheListing() {
        server.enqueue(ok(SequencePages.page(1, 5)));
        server.enqueue(ok(SequencePages.page(6, 5)));

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> lister(2).list(SequencesRequest.all(5), false, this::collect));

        assertEquals(Failure.TOO_MANY_PAGES, e.getFailure());
        assertTrue(e.getMessage().startsWith("Paging stopped: sequences page 2 is full and Max Pages (2) allows no more"), e.getMessage());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void aShortPageAtMaxPagesEndsTheListingNormally() throws Exception {
        server.enqueue(ok(SequencePages.page(1, 5)));
        server.enqueue(ok(SequencePages.page(6, 4)));

        assertEquals(2, lister(2).list(SequencesRequest.all(5), false, this::collect).pages());
        assertEquals(9, listed.size());
    }

    @Test
    void retriesARateLimitedPageThroughTheConnection() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "4").build());
        server.enqueue(ok(SequencePages.page(1, 2)));
        final List<String> retries = new ArrayList<>();

        final SequencesFetcher fetcher = connection.sequencesClient(new JsonFactory()).retrying(connection.retrier(
                (failure, retry, wait) -> retries.add(failure.getMessage() + ":" + failure.getFailure() + ":" + retry + ":" + wait.toSeconds())),
                connection.serialRun());
        new SequenceLister(fetcher, 10).list(SequencesRequest.all(10), false, this::collect);

        assertEquals(List.of("Sequences page 1: HTTP 429: rate limited by Saleshandy:RATE_LIMITED:1:4"), retries);
        assertEquals(List.of(Duration.ofSeconds(4)), sleeper.waits());
        assertEquals(2, listed.size());
    }

    @Test
    void aStoppedConnectionSendsNoRequest() {
        connection.cancel();

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> lister(10).list(SequencesRequest.all(10), false, this::collect));

        assertEquals(Failure.INTERRUPTED, e.getFailure());
        assertEquals(0, server.getRequestCount());
    }

    private SequenceLister lister(final int maxPages) {
        return new SequenceLister(connection.sequencesClient(new JsonFactory()).retrying(connection.retrier((f, r, w) -> { }), connection.serialRun()),
                maxPages);
    }

    private void collect(final Sequence sequence) {
        listed.add(sequence.id());
    }

    private List<String> pagesRequested() throws InterruptedException {
        final List<String> pages = new ArrayList<>();
        for (int i = server.getRequestCount(); i > 0; i--) {
            pages.add(server.takeRequest().getUrl().queryParameter("page"));
        }
        return pages;
    }

    private static MockResponse ok(final String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }
}
