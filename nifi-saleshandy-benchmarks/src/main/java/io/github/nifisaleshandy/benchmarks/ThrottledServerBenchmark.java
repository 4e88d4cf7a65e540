package io.github.nifisaleshandy.benchmarks;

import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;

/**
 * Servers that refuse requests with HTTP 429, in the fake API's two modes, against a query at the processor's defaults
 * (Concurrent Requests 8, the service's Max Retries 3), each run on a service of its own: an account limited to so many
 * requests per window, with or without the {@code x-ratelimit-*} headers; and a gateway that refuses every request past
 * N in flight, with or without {@code Retry-After}, against Concurrent Requests 1 on the same server.
 */
final class ThrottledServerBenchmark {

    /**
     * What a rate-limited server saw of one run, per window of its own: the 429s of the first window (where a run learns
     * the limit) and of the later ones, and the requests let through in the full windows after the first (the last one,
     * where the run ends part-way, left out) as a share of those allowed.
     */
    record RateLimited(boolean headers, double seconds, int windows, int firstWindow429s, int laterWindow429s, int maxPerWindow429s,
                       double fullWindowsShareOfAllowed) {
    }

    /** One run against the gateway: its wall time, the 429s it got, and the requests let through. */
    record CappedRun(double seconds, int refused, int served) {
    }

    /** Both runs on one gateway; {@code retryAfter} is the header's value, or null when none is sent. */
    record Capped(int cap, String retryAfter, int pages, Duration delay, CappedRun defaults, CappedRun serial) {

        /** Pages x delay / cap: the least time any client can take. */
        double floorSeconds() {
            return pages * delay.toMillis() / 1000.0 / cap;
        }

        double defaultsToFloor() {
            return defaults.seconds() / floorSeconds();
        }

        /** How many times the throughput of one request at a time the defaults reach. */
        double speedUp() {
            return serial.seconds() / defaults.seconds();
        }
    }

    private static final int RECORDS_PER_PAGE = 10;
    /** After a run, before the gateway's counts are read: look-ahead requests the run had sent but no longer needed arrive. */
    private static final Duration SETTLE = Duration.ofMillis(200);

    private ThrottledServerBenchmark() {
    }

    /** {@code pages} pages from a server that lets {@code limit} requests through per {@code window}, each answer after {@code delay}. */
    static RateLimited rateLimited(final int limit, final Duration window, final int pages, final Duration delay, final boolean headers) throws Exception {
        final FakeSaleshandyApi api = FakeSaleshandyApi.serving(new ServiceFixture.ServedPages(pages, RECORDS_PER_PAGE)).withLatency(delay)
                .withRateLimit(limit, window, headers);
        final double seconds;
        try (MockWebServer server = api.start()) {
            seconds = run(FakeSaleshandyApi.baseUrl(server), ServiceFixture.DEFAULT_CONCURRENCY, pages);
        }
        return summarize(headers, limit, window, api.arrivals(), seconds);
    }

    private static RateLimited summarize(final boolean headers, final int limit, final Duration window, final List<FakeSaleshandyApi.Arrival> arrivals,
                                         final double seconds) {
        final int windows = (int) (arrivals.getLast().atNanos() / window.toNanos()) + 1;
        final int[] allowed = new int[windows];
        final int[] throttled = new int[windows];
        for (final FakeSaleshandyApi.Arrival arrival : arrivals) {
            final int index = (int) (arrival.atNanos() / window.toNanos());
            if (arrival.allowed()) {
                allowed[index]++;
            } else {
                throttled[index]++;
            }
        }
        int later429s = 0;
        int maxPerWindow = throttled[0];
        for (int index = 1; index < windows; index++) {
            later429s += throttled[index];
            maxPerWindow = Math.max(maxPerWindow, throttled[index]);
        }
        int fullAllowed = 0;
        for (int index = 1; index < windows - 1; index++) {
            fullAllowed += allowed[index];
        }
        final double share = windows > 2 ? (double) fullAllowed / ((windows - 2) * (long) limit) : Double.NaN;
        return new RateLimited(headers, seconds, windows, throttled[0], later429s, maxPerWindow, share);
    }

    /** {@code pages} pages through a gateway that refuses requests past {@code cap} in flight: at the defaults, then at Concurrent Requests 1. */
    static Capped capped(final int cap, final String retryAfter, final int pages, final Duration delay) throws Exception {
        final ServiceFixture.ServedPages served = new ServiceFixture.ServedPages(pages, RECORDS_PER_PAGE);
        final FakeSaleshandyApi gateway = FakeSaleshandyApi.serving(served).withLatency(delay).withConcurrencyCap(cap, retryAfter);
        try (MockWebServer server = gateway.start()) {
            final String baseUrl = FakeSaleshandyApi.baseUrl(server);
            final CappedRun defaults = cappedRun(baseUrl, gateway, served, ServiceFixture.DEFAULT_CONCURRENCY);
            final CappedRun serial = cappedRun(baseUrl, gateway, served, 1);
            return new Capped(cap, retryAfter, pages, delay, defaults, serial);
        }
    }

    private static CappedRun cappedRun(final String baseUrl, final FakeSaleshandyApi gateway, final ServiceFixture.ServedPages served,
                                       final int concurrency) throws Exception {
        served.reset();
        final int refusedBefore = gateway.refused();
        final double seconds = run(baseUrl, concurrency, served.pages());
        Thread.sleep(SETTLE.toMillis());
        return new CappedRun(seconds, gateway.refused() - refusedBefore, served.requests());
    }

    /** One query on a service of its own, every record expected; its wall time in seconds, from connecting to the last page read. */
    private static double run(final String baseUrl, final int concurrency, final int pages) throws Exception {
        try (ServiceFixture service = new ServiceFixture(baseUrl)) {
            final long start = System.nanoTime();
            try (SaleshandyClient client = service.connect(concurrency)) {
                ServiceFixture.expect(ServiceFixture.runVerbatim(client, RECORDS_PER_PAGE), (long) pages * RECORDS_PER_PAGE);
                return (System.nanoTime() - start) / 1e9;
            }
        }
    }
}
