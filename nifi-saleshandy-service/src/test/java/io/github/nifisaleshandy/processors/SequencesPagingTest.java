package io.github.nifisaleshandy.processors;

import static io.github.nifisaleshandy.processors.ServiceTestKit.KEY;
import static io.github.nifisaleshandy.processors.ServiceTestKit.drain;
import static io.github.nifisaleshandy.testapi.FakeSaleshandyApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.Sequence;
import io.github.nifisaleshandy.service.SequencesPage;
import io.github.nifisaleshandy.service.SequencesQuery;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.NumberedPages;
import io.github.nifisaleshandy.testapi.SequencePages;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paging through {@code GET /v1/sequences}: what each request carries, where a listing ends and where it is stopped.
 */
class SequencesPagingTest {

    /** An account of {@code count} sequences, {@code seq-1} onwards, served in pages as the request asks. */
    private static FakeSaleshandyApi account(final int count) {
        return FakeSaleshandyApi.serving(new NumberedPages(1, 10, 1)).withSequences(url -> {
            final int page = Integer.parseInt(url.queryParameter("page"));
            final int size = Integer.parseInt(url.queryParameter("pageSize"));
            final int first = (page - 1) * size + 1;
            return json(200, SequencePages.page(first, Math.max(0, Math.min(size, count - first + 1)))).build();
        });
    }

    private static List<String> ids(final List<SequencesPage> pages) {
        return pages.stream().flatMap(page -> page.sequences().stream()).map(Sequence::id).toList();
    }

    private static SequencesQuery pagesOf(final int size) {
        return new SequencesQuery(size, null, List.of(), null, null, SequencesQuery.DEFAULT_MAX_PAGES);
    }

    @Test
    void getsThePageWithTheKeyInXApiKeyAndNoContentType() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(account(3)); SaleshandyClient client = kit.connect(1)) {
            final List<SequencesPage> pages = drain(client.sequences(SequencesQuery.firstPage(10)));

            final RecordedRequest sent = kit.server.takeRequest();
            assertEquals("GET", sent.getMethod());
            assertEquals("/v1/sequences", sent.getUrl().encodedPath());
            assertEquals(List.of("page", "pageSize"), List.copyOf(sent.getUrl().queryParameterNames()));
            assertEquals("1", sent.getUrl().queryParameter("page"));
            assertEquals("10", sent.getUrl().queryParameter("pageSize"));
            assertEquals(KEY, sent.getHeaders().get("x-api-key"));
            assertNull(sent.getHeaders().get("Content-Type"));
            assertNull(sent.getHeaders().get("Authorization"));
            assertEquals(List.of("seq-1", "seq-2", "seq-3"), ids(pages));
            assertEquals(1, pages.getFirst().pageNumber());
        }
    }

    @Test
    void sendsFiltersAndOrderWithEveryPage() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(account(3)); SaleshandyClient client = kit.connect(1)) {
            final SequencesQuery query = new SequencesQuery(2, "Q4 outreach & more", List.of("c1", "c2"), SequencesQuery.SortOrder.ASC,
                    SequencesQuery.SortBy.CREATED_AT, 100);

            assertEquals(2, drain(client.sequences(query)).size());

            for (int page = 1; page <= 2; page++) {
                final RecordedRequest sent = kit.server.takeRequest();
                assertEquals(String.valueOf(page), sent.getUrl().queryParameter("page"));
                assertEquals("2", sent.getUrl().queryParameter("pageSize"));
                assertEquals("Q4 outreach & more", sent.getUrl().queryParameter("sequenceName"));
                assertEquals("c1,c2", sent.getUrl().queryParameter("clientIds"));
                assertEquals("ASC", sent.getUrl().queryParameter("sort"));
                assertEquals("sequence.createdAt", sent.getUrl().queryParameter("sortBy"));
            }
        }
    }

    /** A short third page is the last; so is an empty one after two full pages. */
    @ParameterizedTest
    @ValueSource(ints = {3, 0})
    void aShortOrEmptyPageIsTheLast(final int lastPageSize) throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(account(20 + lastPageSize)); SaleshandyClient client = kit.connect(1)) {
            final List<SequencesPage> pages = drain(client.sequences(pagesOf(10)));

            assertEquals(3, pages.size());
            assertEquals(IntStream.rangeClosed(1, 20 + lastPageSize).mapToObj(n -> "seq-" + n).toList(), ids(pages));
            assertEquals(List.of("1", "2", "3"), kit.requests().stream().map(request -> request.getUrl().queryParameter("page")).toList());
        }
    }

    @Test
    void everyListedSequenceIsOnItsPageActiveOrNot() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(account(12)); SaleshandyClient client = kit.connect(1)) {
            final List<Sequence> listed = drain(client.sequences(pagesOf(10))).stream().flatMap(page -> page.sequences().stream()).toList();

            assertEquals(12, listed.size());
            assertEquals(IntStream.rangeClosed(1, 12).filter(SequencePages::isActive).mapToObj(n -> "seq-" + n).toList(),
                    listed.stream().filter(Sequence::active).map(Sequence::id).toList());
        }
    }

    @Test
    void aPageRepeatingThePreviousOneStopsTheListingWithoutHandingItOn() throws Exception {
        final FakeSaleshandyApi api = FakeSaleshandyApi.serving(new NumberedPages(1, 10, 1)).withSequences(url -> json(200, SequencePages.page(1, 10)).build());
        try (ServiceTestKit kit = new ServiceTestKit(api); SaleshandyClient client = kit.connect(1)) {
            final List<SequencesPage> handedOn = new java.util.ArrayList<>();
            final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> {
                try (var pages = client.sequences(pagesOf(10))) {
                    while (pages.hasNext()) {
                        handedOn.add(pages.next());
                    }
                }
            });

            assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
            assertEquals("Paging stopped: sequences page 2 repeats page 1 (the same 10 sequence IDs); "
                    + "Saleshandy does not seem to honour the page parameter", e.getMessage());
            assertEquals(1, handedOn.size(), "the repeated page is not handed on");
            assertEquals(2, kit.server.getRequestCount());
        }
    }

    @Test
    void aFullPageAtMaxPagesFailsTheListing() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(account(50)); SaleshandyClient client = kit.connect(1)) {
            final SaleshandyApiException e = assertThrows(SaleshandyApiException.class,
                    () -> drain(client.sequences(pagesOf(5).withMaxPages(2))));

            assertEquals(Failure.TOO_MANY_PAGES, e.getFailure());
            assertTrue(e.getMessage().startsWith("Paging stopped: sequences page 2 is full and Max Pages (2) allows no more"), e.getMessage());
            assertEquals(2, kit.server.getRequestCount());
        }
    }

    @Test
    void aShortPageAtMaxPagesEndsTheListingNormally() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(account(9)); SaleshandyClient client = kit.connect(1)) {
            final List<SequencesPage> pages = drain(client.sequences(pagesOf(5).withMaxPages(2)));

            assertEquals(2, pages.size());
            assertEquals(9, ids(pages).size());
        }
    }

    @Test
    void retriesARateLimitedPageWaitingAsAsked() throws Exception {
        final FakeSaleshandyApi api = account(2);
        api.answerNext(json(429, "{}").setHeader("Retry-After", "4").build());
        try (ServiceTestKit kit = new ServiceTestKit(api); SaleshandyClient client = kit.connect(1)) {
            assertEquals(2, ids(drain(client.sequences(pagesOf(10)))).size());

            assertEquals(List.of("1: RATE_LIMITED after PT4S"), kit.retries);
            assertEquals(List.of(Duration.ofSeconds(4)), kit.sleeper.waits());
        }
    }

    @Test
    void aPageStillFailingAfterRetriesEndsTheListing() throws Exception {
        final FakeSaleshandyApi api = account(30).failSequencesAlways(2, json(503, "down").build());
        try (ServiceTestKit kit = new ServiceTestKit(api); SaleshandyClient client = kit.connect(1)) {
            final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(client.sequences(pagesOf(10))));

            assertEquals("Sequences page 2: HTTP 503: Saleshandy is unavailable: down (still failing after 3 retries)", e.getMessage());
            assertEquals(5, kit.server.getRequestCount());
        }
    }
}
