package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.StatsPage;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The walk and look-ahead rules of one stats query, over a fetcher that answers each page as a server would. */
class StatsPagerTest {

    private static final DateWindow WINDOW = new DateWindow(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31));

    private final StatsPageParser parser = new StatsPageParser(new JsonFactory(), RecordFormat.AS_RETURNED, false);
    private final List<Integer> requested = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final ClientOptions.Events events = new ClientOptions.Events() {
        @Override
        public void retrying(final SaleshandyApiException failure, final int retry, final Duration wait) {
        }

        @Override
        public void warning(final String message) {
            warnings.add(message);
        }
    };

    @Test
    void requestsPagesInOrderUntilHasMoreIsFalse() throws Exception {
        final List<StatsPage> pages = drain(pager(server(n -> StatsPages.page(n, (n - 1) * 10, n == 3 ? 4 : 10, n < 3)), 10_000));

        assertEquals(List.of(1, 2, 3), requested);
        assertEquals(List.of(10, 10, 4), pages.stream().map(StatsPage::recordCount).toList());
    }

    @Test
    void fetchesNothingUntilAsked() throws Exception {
        final StatsPager pager = pager(server(n -> StatsPages.page(n, 0, 10, false)), 10_000);
        assertEquals(List.of(), requested);

        assertTrue(pager.hasNext());
        assertTrue(pager.hasNext());
        assertEquals(List.of(1), requested);
    }

    @Test
    void anEmptyPageWhoseNextPageNumberAdvancesIsPassedOverAndReported() throws Exception {
        final StatsPager pager = pager(server(n -> n == 2 ? StatsPages.envelope("[]", true, 3) : StatsPages.page(n, n * 10, 10, n < 4)), 10_000);

        final List<StatsPage> pages = drain(pager);

        assertEquals(List.of(1, 3, 4), pages.stream().map(StatsPage::pageNumber).toList());
        assertEquals(List.of(1, 2, 3, 4), requested);
        assertEquals("1 empty page said hasMore: true and paging went on past it (page 2)", warning());
    }

    @Test
    void consecutiveEmptyPagesAreNotMistakenForARepeatedPage() throws Exception {
        final StatsPager pager = pager(server(n -> n >= 2 && n <= 4 ? StatsPages.envelope("[]", true, n + 1)
                : StatsPages.page(n, n * 10, 10, n < 5)), 10_000);

        final List<StatsPage> pages = drain(pager);

        assertEquals(List.of(1, 5), pages.stream().map(StatsPage::pageNumber).toList());
        assertEquals("3 empty pages said hasMore: true and paging went on past them (pages 2, 3, 4)", warning());
    }

    @Test
    void anEmptyPageSayingHasMoreWithoutANextPageNumberEndsTheWalkAndIsReported() throws Exception {
        final StatsPager pager = pager(server(n -> n == 1 ? StatsPages.page(1, 0, 10, true)
                : "{\"payload\":{\"data\":[],\"hasMore\":true}}"), 10_000);

        final List<StatsPage> pages = drain(pager);

        assertEquals(1, pages.size());
        assertEquals(List.of(1, 2), requested);
        assertEquals("page 2 was empty and said hasMore: true but named no next page to follow, so paging ended there",
                warning());
    }

    @Test
    void anEmptyPageSayingHasMoreWithANextPageNumberThatDoesNotAdvanceEndsTheWalk() throws Exception {
        final StatsPager pager = pager(server(n -> n == 1 ? StatsPages.page(1, 0, 10, true) : StatsPages.envelope("[]", true, n)), 10_000);

        assertEquals(1, drain(pager).size());
        assertEquals(List.of(1, 2), requested);
        assertTrue(warning().startsWith("page 2 was empty"), warning());
    }

    @Test
    void anEmptyLastPageSayingNoMoreEndsQuietly() throws Exception {
        final StatsPager pager = pager(server(n -> n == 1 ? StatsPages.page(1, 0, 10, true) : StatsPages.envelope("[]", false, 1)), 10_000);

        assertEquals(1, drain(pager).size());
        assertEquals(List.of(), warnings);
    }

    @Test
    void aServerThatNeverEndsIsStoppedPastMaxPages() {
        final StatsPager pager = pager(server(n -> StatsPages.page(n, n * 10, 10, true)), 5);

        final List<Integer> handedOut = new ArrayList<>();
        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> {
            while (pager.hasNext()) {
                handedOut.add(pager.next().pageNumber());
            }
        });

        assertEquals(Failure.TOO_MANY_PAGES, e.getFailure());
        assertEquals("Paging stopped: more than 5 pages in the window 2026-01-01 to 2026-01-31; raise Max Pages if this is expected", e.getMessage());
        assertEquals(List.of(1, 2, 3, 4, 5), handedOut);
        assertEquals(List.of(1, 2, 3, 4, 5), requested);
    }

    @Test
    void aReaderOfTheFirstPageOnlyGetsItWhenMorePagesFollowThanMaxPagesAllows() throws Exception {
        try (StatsPager pager = pager(server(n -> StatsPages.page(n, n * 10, 10, true)), 1)) {
            assertTrue(pager.hasNext());
            assertEquals(1, pager.next().pageNumber());
            assertEquals(Failure.TOO_MANY_PAGES, assertThrows(SaleshandyApiException.class, pager::hasNext).getFailure());
        }
        assertEquals(List.of(1), requested);
    }

    @Test
    void exactlyMaxPagesPagesEndingTheDataAreAllHandedOut() throws Exception {
        final List<StatsPage> pages = drain(pager(server(n -> StatsPages.page(n, n * 10, 10, n < 5)), 5));

        assertEquals(5, pages.size());
    }

    @Test
    void emptyPagesCountTowardsMaxPages() {
        final StatsPager pager = pager(server(n -> n == 1 ? StatsPages.page(1, 0, 10, true) : StatsPages.envelope("[]", true, n + 1)), 3);

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(pager));

        assertEquals(Failure.TOO_MANY_PAGES, e.getFailure());
        assertEquals(List.of(1, 2, 3), requested);
    }

    @Test
    void anEmptyFirstPageYieldsNoPage() throws Exception {
        final StatsPager pager = pager(server(n -> StatsPages.envelope("[]", false, 1)), 10_000);

        assertFalse(pager.hasNext());
    }

    @Test
    void stopsWhenNextPageNumberDoesNotAdvance() {
        final StatsPager pager = pager(server(n -> StatsPages.envelope("[" + StatsPages.record(n) + "]", true, 1)), 10_000);

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(pager));

        assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
        assertEquals("Paging stopped: page 1 says hasMore but its nextPageNumber is 1, expected 2; the server does not advance", e.getMessage());
    }

    @Test
    void stopsWhenAPageRepeatsThePreviousOne() {
        final StatsPager pager = pager(server(n -> StatsPages.envelope("[" + StatsPages.record(1) + "]", true, n + 1)), 10_000);

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(pager));

        assertTrue(e.getMessage().contains("page 2 repeats the records of page 1"), e.getMessage());
        assertEquals(List.of(1, 2), requested);
    }

    /** The one warning of the walk, without the window it names. */
    private String warning() {
        assertEquals(1, warnings.size(), warnings.toString());
        final String prefix = "Saleshandy sent empty pages in the middle of 2026-01-01 to 2026-01-31: ";
        assertTrue(warnings.getFirst().startsWith(prefix), warnings.getFirst());
        return warnings.getFirst().substring(prefix.length());
    }

    private StatsPager pager(final StatsPager.Fetcher fetcher, final int maxPages) {
        final AccountRateLimit.Run serial = new AccountRateLimit(Sleeper.SYSTEM, Retrier.Policy.DEFAULT_MAX_RETRY_AFTER, 1).newRun(1, new AtomicInteger());
        return new StatsPager(fetcher, List.of(WINDOW), serial, null, maxPages, events);
    }

    private StatsPager.Fetcher server(final IntFunction<String> bodyForPage) {
        return (window, pageNumber, ticket) -> {
            requested.add(pageNumber);
            return parser.parse(window, pageNumber, bodyForPage.apply(pageNumber).getBytes(StandardCharsets.UTF_8));
        };
    }

    private static List<StatsPage> drain(final StatsPager pager) throws SaleshandyApiException {
        final List<StatsPage> pages = new ArrayList<>();
        while (pager.hasNext()) {
            pages.add(pager.next());
        }
        return pages;
    }
}
