package io.github.nifisaleshandy.processors;

import static io.github.nifisaleshandy.processors.ServiceTestKit.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.StatsPage;
import io.github.nifisaleshandy.service.StatsQuery;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How many requests a stats query spends on the pages it needs, through the service at the processors' defaults
 * (Concurrent Requests 8, Max Requests In Flight 16, pages of 100) against the fake API answering at once, the case where
 * look-ahead past the last page used to run furthest: a first run bets on more pages only as far as its answers confirm,
 * a client that saw the length before sends exactly the pages it needs, and the last requests of a rate-limit window are
 * kept for needed pages.
 */
class LookAheadTest {

    private static final int CONCURRENT_REQUESTS = 8;
    private static final int PAGE_SIZE = 100;
    private static final DateWindow JANUARY = new DateWindow(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31));
    private static final DateWindow FEBRUARY = new DateWindow(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 28));

    /** Requests received, by the start date of their window and their page. */
    private final Map<String, Integer> received = new ConcurrentHashMap<>();

    @ParameterizedTest(name = "{0} pages: at most {1} requests")
    @CsvSource({"1, 1", "2, 3", "5, 8", "20, 26", "100, 108"})
    void aFirstRunSendsNoMoreThanItsBoundPastTheLastPage(final int pages, final int bound) throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(walksOf(pages))) {
            try (SaleshandyClient client = kit.connect(CONCURRENT_REQUESTS)) {
                assertEquals(pages, drain(client.stats(query(List.of(JANUARY)))).size());
            }

            final int sent = sentIn(JANUARY);
            assertTrue(sent >= pages && sent <= bound, pages + " pages took " + sent + " requests: " + received);
            assertEveryPageOnce(JANUARY, pages);
        }
    }

    @ParameterizedTest(name = "{0} pages")
    @ValueSource(ints = {1, 2, 5, 20, 100})
    void aSecondRunOfTheSameLengthSendsOnlyThePagesItNeeds(final int pages) throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(walksOf(pages))) {
            try (SaleshandyClient client = kit.connect(CONCURRENT_REQUESTS)) {
                drain(client.stats(query(List.of(JANUARY))));
                assertEquals(pages, drain(client.stats(query(List.of(FEBRUARY)))).size());
            }

            assertEquals(pages, sentIn(FEBRUARY), received.toString());
        }
    }

    @Test
    void aRunsNextWindowExpectsTheLengthOfTheWindowBefore() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(walksOf(20)); SaleshandyClient client = kit.connect(CONCURRENT_REQUESTS)) {
            final List<StatsPage> pages = drain(client.stats(query(List.of(JANUARY, FEBRUARY))));

            assertEquals(40, pages.size());
            assertEquals(20, sentIn(FEBRUARY), received.toString());
        }
    }

    @Test
    void aWalkLongerThanTheOneBeforeStillGetsEveryPageAndBetsOnlyOnWhatItConfirmed() throws Exception {
        final FakeSaleshandyApi api = FakeSaleshandyApi.serving((page, request) -> {
            final boolean january = request.path("startDate").asText().equals(JANUARY.start().toString());
            return body(page, request, january ? 5 : 40);
        });
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            try (SaleshandyClient client = kit.connect(CONCURRENT_REQUESTS)) {
                assertEquals(5, drain(client.stats(query(List.of(JANUARY)))).size());
                assertEquals(40, drain(client.stats(query(List.of(FEBRUARY)))).size());
            }

            assertEveryPageOnce(FEBRUARY, 40);
            // Past the 5 expected pages the bet restarts from what is confirmed: at most min(7, sqrt(2 x 34)) = 7 past page 40.
            assertTrue(sentIn(FEBRUARY) <= 47, received.toString());
        }
    }

    @Test
    void noLookAheadWhileTheWindowHasNoMoreThanTheReserveLeft() throws Exception {
        // A gateway allowing one request in flight tells any look-ahead by a 429 (answers take 20 ms, long enough for
        // look-ahead to go out while a needed page is in flight whenever it may); the reserve is the run's ceiling, 8.
        final FakeSaleshandyApi scarce = everyAnswerSaysRemaining(8);
        assertEquals(20, requestsFor20Pages(scarce));
        assertEquals(0, scarce.refused(), "only needed pages, one at a time");

        final FakeSaleshandyApi plenty = everyAnswerSaysRemaining(600);
        requestsFor20Pages(plenty);
        assertTrue(plenty.refused() > 0, "with plenty left, the same run looks ahead");
    }

    private static FakeSaleshandyApi everyAnswerSaysRemaining(final int remaining) {
        final FakeSaleshandyApi api = FakeSaleshandyApi.pagesOf(page -> StatsPages.page(page, page * PAGE_SIZE, PAGE_SIZE, page < 20))
                .withConcurrencyCap(1, null).withLatency(Duration.ofMillis(20));
        for (int page = 1; page <= 40; page++) {
            api.failNext(page, FakeSaleshandyApi.json(200, StatsPages.page(page, page * PAGE_SIZE, page <= 20 ? PAGE_SIZE : 0, page < 20))
                    .setHeader("x-ratelimit-remaining", String.valueOf(remaining)).build());
        }
        return api;
    }

    private static int requestsFor20Pages(final FakeSaleshandyApi api) throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            try (SaleshandyClient client = kit.connect(CONCURRENT_REQUESTS)) {
                assertEquals(20, drain(client.stats(query(List.of(JANUARY)))).size());
            }
            return IntStream.rangeClosed(1, 40).map(api::attempts).sum();
        }
    }

    /** Every window has {@code pages} pages of {@link #PAGE_SIZE} records. */
    private FakeSaleshandyApi walksOf(final int pages) {
        return FakeSaleshandyApi.serving((page, request) -> body(page, request, pages));
    }

    private byte[] body(final int page, final JsonNode request, final int pages) {
        received.merge(request.path("startDate").asText() + " page " + page, 1, Integer::sum);
        final int records = page <= pages ? PAGE_SIZE : 0;
        return StatsPages.page(page, page * PAGE_SIZE, records, page < pages).getBytes(StandardCharsets.UTF_8);
    }

    private int sentIn(final DateWindow window) {
        return received.entrySet().stream().filter(sent -> sent.getKey().startsWith(window.start() + " ")).mapToInt(Map.Entry::getValue).sum();
    }

    private void assertEveryPageOnce(final DateWindow window, final int pages) {
        for (int page = 1; page <= pages; page++) {
            assertEquals(1, received.getOrDefault(window.start() + " page " + page, 0), "page " + page + " of " + window.start());
        }
    }

    private static StatsQuery query(final List<DateWindow> windows) {
        return new StatsQuery(List.of("2dP27N0gZ4"), windows, PAGE_SIZE, StatsQuery.DEFAULT_MAX_PAGES, RecordFormat.AS_RETURNED, false);
    }
}
