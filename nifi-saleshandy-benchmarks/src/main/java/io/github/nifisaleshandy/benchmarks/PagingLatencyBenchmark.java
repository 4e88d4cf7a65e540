package io.github.nifisaleshandy.benchmarks;

import io.github.nifisaleshandy.output.VerbatimJsonPageWriter;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * Latency-bound paging: every response from a loopback API is delayed as if it crossed the internet. The floor for a
 * ceiling of N requests in flight is pages x delay / N; the run adapts as the processor does, starting with one request.
 */
final class PagingLatencyBenchmark {

    /** Wall time against its floor for one concurrency. */
    record Result(int pages, int concurrency, Duration delay, double millis, double floorMillis) {
        double ratio() {
            return millis / floorMillis;
        }
    }

    private final int pages;
    private final Duration delay;

    PagingLatencyBenchmark(final int pages, final Duration delay) {
        this.pages = pages;
        this.delay = delay;
    }

    List<Result> run(final List<Integer> concurrencies, final int warmUp, final int rounds) throws Exception {
        final List<Map<String, Object>> records = StatsPages.realisticRecords(pages * 10);
        final Map<Integer, byte[]> bodies = new LinkedHashMap<>();
        for (int page = 1; page <= pages; page++) {
            bodies.put(page, StatsPages.body(records.subList((page - 1) * 10, page * 10), page < pages, page));
        }
        final byte[] empty = StatsPages.body(List.of(), false, 1);
        final FakeSaleshandyApi api = FakeSaleshandyApi.serving((page, request) -> bodies.getOrDefault(page, empty)).withLatency(delay);
        try (MockWebServer server = api.start()) {
            return concurrencies.stream().map(n -> measure(FakeSaleshandyApi.baseUrl(server), n, warmUp, rounds)).toList();
        }
    }

    /**
     * Each run on an account of its own: on a shared one, permits that cancelled look-ahead requests never hand back
     * (docs/BENCHMARKS.md) pile up over runs until none is left and the next run waits for ever.
     */
    private Result measure(final String baseUrl, final int concurrency, final int warmUp, final int rounds) {
        try {
            final double millis = Measurement.millis(() -> {
                try (Pipeline<Void> pipeline = Pipeline.verbatim(baseUrl, concurrency, new VerbatimJsonPageWriter())) {
                    final long records = pipeline.run(10);
                    if (records != pages * 10L) {
                        throw new IllegalStateException("expected " + pages * 10 + " records, got " + records);
                    }
                    return records;
                }
            }, warmUp, rounds);
            return new Result(pages, concurrency, delay, millis, (double) pages * delay.toMillis() / concurrency);
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
