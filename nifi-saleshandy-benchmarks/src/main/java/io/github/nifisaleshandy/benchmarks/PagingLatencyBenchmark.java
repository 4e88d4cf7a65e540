package io.github.nifisaleshandy.benchmarks;

import io.github.nifisaleshandy.output.VerbatimJsonPageWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency-bound paging: every response from a loopback API is delayed as if it crossed the internet. The floor for N
 * requests in flight is pages x delay / N.
 */
final class PagingLatencyBenchmark {

    /** Wall time against its floor for one concurrency. */
    record Result(int concurrency, double millis, double floorMillis) {
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
        final List<Map<String, Object>> records = Pages.records(pages * 10);
        final Map<Integer, byte[]> bodies = new LinkedHashMap<>();
        for (int page = 1; page <= pages; page++) {
            bodies.put(page, Pages.body(records.subList((page - 1) * 10, page * 10), page < pages, page));
        }
        final byte[] empty = Pages.body(List.of(), false, 1);
        try (PageServer server = new PageServer(page -> bodies.getOrDefault(page, empty), delay)) {
            return concurrencies.stream().map(n -> measure(server, n, warmUp, rounds)).toList();
        }
    }

    private Result measure(final PageServer server, final int concurrency, final int warmUp, final int rounds) {
        try (Pipeline<Void> pipeline = Pipeline.verbatim(server.baseUrl(), concurrency, new VerbatimJsonPageWriter())) {
            final double millis = Measurement.millis(() -> {
                final long records = pipeline.run(10);
                if (records != pages * 10L) {
                    throw new IllegalStateException("expected " + pages * 10 + " records, got " + records);
                }
                return records;
            }, warmUp, rounds);
            return new Result(concurrency, millis, (double) pages * delay.toMillis() / concurrency);
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
