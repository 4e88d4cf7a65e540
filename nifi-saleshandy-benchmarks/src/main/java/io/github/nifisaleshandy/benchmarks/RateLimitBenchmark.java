package io.github.nifisaleshandy.benchmarks;

import io.github.nifisaleshandy.output.VerbatimJsonPageWriter;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.NoDelayServerSockets;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * One run with the processor's defaults (Concurrent Requests 8, Max Retries 3) against a server that allows
 * {@code limit} requests per window and answers HTTP 429 past it, with or without the {@code x-ratelimit-*} headers.
 * Reported per window of the server: the 429s, and the requests let through as a share of those allowed; the first
 * window (where a run learns the limit) and the last (where the run ends part-way) are reported apart.
 */
final class RateLimitBenchmark {

    /** What the server saw of one run. */
    record Result(boolean headers, int limit, Duration window, int pages, double seconds, int windows, int firstWindow429s,
                  int laterWindow429s, int maxPerWindow429s, double fullWindowsShareOfAllowed) {
    }

    private static final int DEFAULT_CONCURRENCY = 8;
    private static final int DEFAULT_MAX_RETRIES = 3;

    private final int limit;
    private final Duration window;
    private final int pages;
    private final Duration latency;

    RateLimitBenchmark(final int limit, final Duration window, final int pages, final Duration latency) {
        this.limit = limit;
        this.window = window;
        this.pages = pages;
        this.latency = latency;
    }

    Result run(final boolean headers) throws Exception {
        final List<Map<String, Object>> records = StatsPages.realisticRecords(pages * 10);
        final Map<Integer, byte[]> bodies = new LinkedHashMap<>();
        for (int page = 1; page <= pages; page++) {
            bodies.put(page, StatsPages.body(records.subList((page - 1) * 10, page * 10), page < pages, page));
        }
        final byte[] empty = StatsPages.body(List.of(), false, 1);
        final FakeSaleshandyApi api = FakeSaleshandyApi.serving((page, request) -> bodies.getOrDefault(page, empty)).withLatency(latency);
        final RateLimitedApi limited = new RateLimitedApi(api, limit, window, headers, latency);
        final MockWebServer server = new MockWebServer();
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.setDispatcher(limited);
        server.start(InetAddress.getLoopbackAddress(), 0);
        try (server; Pipeline<Void> pipeline = Pipeline.verbatim(FakeSaleshandyApi.baseUrl(server), DEFAULT_CONCURRENCY, DEFAULT_MAX_RETRIES,
                new VerbatimJsonPageWriter())) {
            final long start = System.nanoTime();
            final long emitted = pipeline.run(10);
            final double seconds = (System.nanoTime() - start) / 1e9;
            if (emitted != pages * 10L) {
                throw new IllegalStateException("expected " + pages * 10 + " records, got " + emitted);
            }
            return summarize(headers, limited.arrivals(), seconds);
        }
    }

    private Result summarize(final boolean headers, final List<RateLimitedApi.Arrival> arrivals, final double seconds) {
        final int windows = (int) (arrivals.getLast().atNanos() / window.toNanos()) + 1;
        final int[] allowed = new int[windows];
        final int[] throttled = new int[windows];
        for (final RateLimitedApi.Arrival arrival : arrivals) {
            final int index = (int) (arrival.atNanos() / window.toNanos());
            if (arrival.allowed()) {
                allowed[index]++;
            } else {
                throttled[index]++;
            }
        }
        int later429s = 0;
        int maxPerWindow = 0;
        for (int index = 1; index < windows; index++) {
            later429s += throttled[index];
            maxPerWindow = Math.max(maxPerWindow, throttled[index]);
        }
        maxPerWindow = Math.max(maxPerWindow, throttled[0]);
        int fullAllowed = 0;
        for (int index = 1; index < windows - 1; index++) {
            fullAllowed += allowed[index];
        }
        final double share = windows > 2 ? (double) fullAllowed / ((windows - 2) * (long) limit) : Double.NaN;
        return new Result(headers, limit, window, pages, seconds, windows, throttled[0], later429s, maxPerWindow, share);
    }
}
