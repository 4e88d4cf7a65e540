package io.github.nifisaleshandy.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.Failure;
import io.github.nifisaleshandy.client.AccountRateLimit;
import io.github.nifisaleshandy.client.PageFetcher;
import io.github.nifisaleshandy.client.RetryPolicy;
import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.client.StatsPageParser;
import io.github.nifisaleshandy.client.StatsRequest;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class StatsPagerTest {

    private static final StatsRequest FIRST = new StatsRequest(List.of("a"), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31), 1, 10);

    private final StatsPageParser<Void> parser = StatsPageParser.verbatim(new JsonFactory());
    private final List<Integer> requested = new ArrayList<>();

    @Test
    void requestsPagesInOrderUntilHasMoreIsFalse() throws Exception {
        final List<StatsPage> pages = drain(new StatsPager(server(n -> StatsPages.page(n, (n - 1) * 10, n == 3 ? 4 : 10, n < 3)), FIRST));

        assertEquals(List.of(1, 2, 3), requested);
        assertEquals(List.of(10, 10, 4), pages.stream().map(StatsPage::recordCount).toList());
    }

    @Test
    void fetchesNothingUntilAsked() throws Exception {
        final StatsPager pager = new StatsPager(server(n -> StatsPages.page(n, 0, 10, false)), FIRST);
        assertEquals(List.of(), requested);

        assertTrue(pager.hasNext());
        assertTrue(pager.hasNext());
        assertEquals(List.of(1), requested);
    }

    @Test
    void anEmptyPageWhoseNextPageNumberAdvancesIsPassedOverAndReported() throws Exception {
        final StatsPager pager = new StatsPager(server(n -> n == 2 ? StatsPages.envelope("[]", true, 3) : StatsPages.page(n, n * 10, 10, n < 4)), FIRST);

        final List<StatsPage> pages = drain(pager);

        assertEquals(List.of(1, 3, 4), pages.stream().map(StatsPage::pageNumber).toList());
        assertEquals(List.of(1, 2, 3, 4), requested);
        assertEquals("1 empty page said hasMore: true and paging went on past it (page 2)", pager.emptyPages().describe());
    }

    @Test
    void consecutiveEmptyPagesAreNotMistakenForARepeatedPage() throws Exception {
        final StatsPager pager = new StatsPager(server(n -> n >= 2 && n <= 4 ? StatsPages.envelope("[]", true, n + 1)
                : StatsPages.page(n, n * 10, 10, n < 5)), FIRST);

        final List<StatsPage> pages = drain(pager);

        assertEquals(List.of(1, 5), pages.stream().map(StatsPage::pageNumber).toList());
        assertEquals(3, pager.emptyPages().passedOver());
        assertEquals("3 empty pages said hasMore: true and paging went on past them (pages 2, 3, 4)", pager.emptyPages().describe());
    }

    @Test
    void anEmptyPageSayingHasMoreWithoutANextPageNumberEndsTheWalkAndIsReported() throws Exception {
        final StatsPager pager = new StatsPager(server(n -> n == 1 ? StatsPages.page(1, 0, 10, true)
                : "{\"payload\":{\"data\":[],\"hasMore\":true}}"), FIRST);

        final List<StatsPage> pages = drain(pager);

        assertEquals(1, pages.size());
        assertEquals(List.of(1, 2), requested);
        assertEquals(OptionalInt.of(2), pager.emptyPages().endedOn());
        assertEquals("page 2 was empty and said hasMore: true but named no next page to follow, so paging ended there",
                pager.emptyPages().describe());
    }

    @Test
    void anEmptyPageSayingHasMoreWithANextPageNumberThatDoesNotAdvanceEndsTheWalk() throws Exception {
        final StatsPager pager = new StatsPager(server(n -> n == 1 ? StatsPages.page(1, 0, 10, true) : StatsPages.envelope("[]", true, n)), FIRST);

        assertEquals(1, drain(pager).size());
        assertEquals(List.of(1, 2), requested);
        assertEquals(OptionalInt.of(2), pager.emptyPages().endedOn());
    }

    @Test
    void anEmptyLastPageSayingNoMoreEndsQuietly() throws Exception {
        final StatsPager pager = new StatsPager(server(n -> n == 1 ? StatsPages.page(1, 0, 10, true) : StatsPages.envelope("[]", false, 1)), FIRST);

        assertEquals(1, drain(pager).size());
        assertFalse(pager.emptyPages().any());
    }

    @Test
    void aServerThatNeverEndsIsStoppedPastMaxPages() {
        final StatsPager pager = new StatsPager(server(n -> StatsPages.page(n, n * 10, 10, true)), FIRST, serial(), Runnable::run, 5);

        final List<Integer> handedOut = new ArrayList<>();
        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> {
            while (pager.hasNext()) {
                handedOut.add(pager.next().pageNumber());
            }
        });

        assertEquals(Failure.TOO_MANY_PAGES, e.getFailure());
        assertEquals("Paging stopped: more than 5 pages in the window 2026-01-01 to 2026-01-31; raise Max Pages if this is expected", e.getMessage());
        assertEquals(List.of(1, 2, 3, 4), handedOut);
        assertEquals(List.of(1, 2, 3, 4, 5), requested);
    }

    @Test
    void exactlyMaxPagesPagesEndingTheDataAreAllHandedOut() throws Exception {
        final List<StatsPage> pages = drain(new StatsPager(server(n -> StatsPages.page(n, n * 10, 10, n < 5)), FIRST, serial(), Runnable::run, 5));

        assertEquals(5, pages.size());
    }

    @Test
    void emptyPagesCountTowardsMaxPages() {
        final StatsPager pager = new StatsPager(server(n -> n == 1 ? StatsPages.page(1, 0, 10, true) : StatsPages.envelope("[]", true, n + 1)),
                FIRST, serial(), Runnable::run, 3);

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(pager));

        assertEquals(Failure.TOO_MANY_PAGES, e.getFailure());
        assertEquals(List.of(1, 2, 3), requested);
    }

    @Test
    void anEmptyFirstPageYieldsNoPage() throws Exception {
        final StatsPager pager = new StatsPager(server(n -> StatsPages.envelope("[]", false, 1)), FIRST);

        assertFalse(pager.hasNext());
    }

    @Test
    void stopsWhenNextPageNumberDoesNotAdvance() {
        final StatsPager pager = new StatsPager(server(n -> StatsPages.envelope("[" + StatsPages.record(n) + "]", true, 1)), FIRST);

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(pager));

        assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
        assertEquals("Paging stopped: page 1 says hasMore but its nextPageNumber is 1, expected 2; the server does not advance", e.getMessage());
    }

    @Test
    void stopsWhenAPageRepeatsThePreviousOne() {
        final StatsPager pager = new StatsPager(server(n -> StatsPages.envelope("[" + StatsPages.record(1) + "]", true, n + 1)), FIRST);

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(pager));

        assertTrue(e.getMessage().contains("page 2 repeats the records of page 1"), e.getMessage());
        assertEquals(List.of(1, 2), requested);
    }

    private static AccountRateLimit.Run serial() {
        return new AccountRateLimit(Sleeper.SYSTEM, RetryPolicy.DEFAULT_MAX_RETRY_AFTER, 1).fixedRun(1);
    }

    private PageFetcher server(final IntFunction<String> bodyForPage) {
        return (request, ticket) -> {
            requested.add(request.pageNumber());
            return parser.parse(request.pageNumber(), bodyForPage.apply(request.pageNumber()).getBytes(StandardCharsets.UTF_8));
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
