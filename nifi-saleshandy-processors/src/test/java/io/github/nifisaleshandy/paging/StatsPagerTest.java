package io.github.nifisaleshandy.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.Failure;
import io.github.nifisaleshandy.client.PageFetcher;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.client.StatsPageParser;
import io.github.nifisaleshandy.client.StatsRequest;
import io.github.nifisaleshandy.testing.StatsPages;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class StatsPagerTest {

    private static final StatsRequest FIRST = new StatsRequest(List.of("a"), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31), 1, 10);

    private final StatsPageParser parser = new StatsPageParser(new JsonFactory());
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
    void anEmptyPageEndsPagingEvenIfItSaysHasMore() throws Exception {
        final List<StatsPage> pages = drain(new StatsPager(server(n -> n == 1 ? StatsPages.page(1, 0, 10, true)
                : StatsPages.envelope("[]", true, n + 1)), FIRST));

        assertEquals(1, pages.size());
        assertEquals(List.of(1, 2), requested);
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

    private PageFetcher server(final IntFunction<String> bodyForPage) {
        return request -> {
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
