package io.github.nifisaleshandy.benchmarks;

import io.github.nifisaleshandy.output.VerbatimJsonPageWriter;
import io.github.nifisaleshandy.testapi.ConcurrencyCappedApi;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.NoDelayServerSockets;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * A gateway that answers HTTP 429 to every request past {@code cap} in flight ({@link ConcurrencyCappedApi}), with or
 * without {@code Retry-After} and never with rate-limit headers: one run at the processor's defaults (Concurrent
 * Requests 8, Max Retries 3) and one at Concurrent Requests 1, on the same server, one after the other. The floor is
 * pages x delay / cap, the least time any client can take.
 */
final class ConcurrencyCapBenchmark {

    /** One run: its wall time, the 429s the gateway answered and the requests it let through. */
    record Run(double seconds, int refused, int served) {
    }

    /** Both runs on one server; {@code retryAfter} is the header's value, or null when none is sent. */
    record Result(int cap, String retryAfter, int pages, Duration delay, Run defaults, Run serial) {

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

    private static final int DEFAULT_CONCURRENCY = 8;
    private static final int DEFAULT_MAX_RETRIES = 3;
    /** After a run, before the gateway's counts are read: look-ahead requests the run had sent but no longer needed arrive. */
    private static final Duration SETTLE = Duration.ofMillis(200);

    private final int pages;
    private final Duration delay;

    ConcurrencyCapBenchmark(final int pages, final Duration delay) {
        this.pages = pages;
        this.delay = delay;
    }

    Result run(final int cap, final String retryAfter) throws Exception {
        final List<Map<String, Object>> records = StatsPages.realisticRecords(pages * 10);
        final byte[][] bodies = new byte[pages][];
        for (int page = 1; page <= pages; page++) {
            bodies[page - 1] = StatsPages.body(records.subList((page - 1) * 10, page * 10), page < pages, page);
        }
        final byte[] empty = StatsPages.body(List.of(), false, 1);
        final ConcurrencyCappedApi gateway = new ConcurrencyCappedApi(
                FakeSaleshandyApi.serving((page, request) -> page > pages ? empty : bodies[page - 1]), cap, retryAfter, delay);
        final MockWebServer server = new MockWebServer();
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.setDispatcher(gateway);
        server.start(InetAddress.getLoopbackAddress(), 0);
        try (server) {
            final String baseUrl = FakeSaleshandyApi.baseUrl(server);
            final Run defaults = measure(baseUrl, gateway, DEFAULT_CONCURRENCY);
            final Run serial = measure(baseUrl, gateway, 1);
            return new Result(cap, retryAfter, pages, delay, defaults, serial);
        }
    }

    private Run measure(final String baseUrl, final ConcurrencyCappedApi gateway, final int concurrency) throws Exception {
        gateway.reset();
        try (Pipeline<Void> pipeline = Pipeline.verbatim(baseUrl, concurrency, DEFAULT_MAX_RETRIES, new VerbatimJsonPageWriter())) {
            final long start = System.nanoTime();
            final long emitted = pipeline.run(10);
            final double seconds = (System.nanoTime() - start) / 1e9;
            if (emitted != pages * 10L) {
                throw new IllegalStateException("expected " + pages * 10 + " records, got " + emitted);
            }
            Thread.sleep(SETTLE.toMillis());
            return new Run(seconds, gateway.refused(), gateway.served());
        }
    }
}
