package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.client.AccountRateLimit;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.NumberedPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole processor against a fake API whose first page uses up the rate-limit window: the run pauses until the
 * window resets, then fetches the rest. The fixed clock makes the date arithmetic of the reset header exact.
 */
class GetSaleshandyStatsRateLimitHeadersTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
    private static final LocalDate TODAY = LocalDate.now(CLOCK);

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final NumberedPages data = new NumberedPages(5, 10, 4);
    private final FakeSaleshandyApi api = FakeSaleshandyApi.serving(data);
    @AutoClose
    private final MockWebServer server = StatsRunners.startedServer();

    @BeforeEach
    void serveTheApi() {
        server.setDispatcher(api);
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void aFirstPageSayingNoRequestsAreLeftPausesTheRunUntilTheResetAndEveryRecordArrives(final int concurrency) {
        final String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(CLOCK.instant().plusSeconds(5).atZone(ZoneOffset.UTC));
        api.failNext(1, FakeSaleshandyApi.json(200, data.body(1))
                .setHeader("x-ratelimit-limit", "20").setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", inFiveSeconds).build());
        final TestRunner runner = runner(concurrency);

        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 5);
        assertEquals(List.of(), runner.getLogger().getErrorMessages());
        assertEquals(1, api.attempts(2), "page 2 was not rate limited, so it was asked for once");
        // Page 1 goes alone whatever the ceiling; what waits after it (page 2, and with a higher ceiling the pages queued
        // beside it, each on its own thread) waits the rest of the window and the margin, nothing else.
        final Duration untilReset = Duration.ofSeconds(5).plus(AccountRateLimit.RESET_MARGIN);
        assertFalse(sleeper.waits().isEmpty());
        assertTrue(sleeper.waits().stream().allMatch(untilReset::equals), sleeper.waits().toString());
    }

    private TestRunner runner(final int concurrency) {
        final TestRunner runner = StatsRunners.scheduled(server, CLOCK, sleeper);
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.API_KEY, "sh-test-key");
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusDays(20).toString());
        runner.setProperty(SaleshandyProperties.END_DATE, TODAY.toString());
        runner.setProperty(SaleshandyProperties.CONCURRENT_REQUESTS, String.valueOf(concurrency));
        return runner;
    }
}
