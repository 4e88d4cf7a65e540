package io.github.nifisaleshandy.benchmarks;

import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * Paging against a server that delays every answer as if it crossed the internet, through the real service's client with
 * the processor's defaults (adaptive, starting with one request in flight, up to Concurrent Requests): how long a query
 * takes against the least time its ceiling allows, and how many requests it sends for the pages it needs. Each is measured
 * for the first run of a fresh client (a service just enabled, a processor just started) and for later runs of one client
 * (a processor keeps its client from start to stop, so every scheduled run after the first is one of those).
 */
final class PagingBenchmark {

    /** Wall times of one query length, ceiling and delay: the first run of fresh clients, and later runs of one client (NaN if not measured). */
    record Latency(int pages, int concurrency, Duration delay, double freshMillis, double repeatedMillis) {

        /** Pages x delay / ceiling: the least time {@code concurrency} requests in flight can take. */
        double floorMillis() {
            return (double) pages * delay.toMillis() / concurrency;
        }
    }

    /** What the server received for runs of one length, over the rounds: requests (median and range) and those past the last page, and wall times. */
    record Requests(int pages, Duration delay, Counts fresh, Counts second) {

        /** The most requests issue 21 allows for this run length, or null for a length it names none for. */
        Integer target() {
            return TARGETS.get(pages);
        }

        /** One request at a time: pages x delay. */
        double serialMillis() {
            return (double) pages * delay.toMillis();
        }

        /** max(1, pages / 8) x delay: the least time 8 in flight can take. */
        double floorMillis() {
            return Math.max(1.0, pages / (double) ServiceFixture.DEFAULT_CONCURRENCY) * delay.toMillis();
        }
    }

    /** Medians of one kind of run: requests sent (and the fewest and most seen), those past the last page, wall time. */
    record Counts(int requests, int fewest, int most, int pastEnd, double millis) {

        static Counts of(final int[] requests, final int[] pastEnd, final double[] millis) {
            final int[] sorted = requests.clone();
            Arrays.sort(sorted);
            return new Counts(sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], median(pastEnd), median(millis));
        }
    }

    /** The run lengths of the requests table. */
    static final List<Integer> RUN_LENGTHS = List.of(1, 2, 5, 20, 100);
    /** Issue 21: at most this many requests for a run of so many pages, at any latency. */
    private static final Map<Integer, Integer> TARGETS = Map.of(1, 1, 2, 3, 5, 8, 20, 26, 100, 108);

    private static final int LATENCY_RECORDS_PER_PAGE = 10;
    private static final int REQUESTS_RECORDS_PER_PAGE = 100;
    /**
     * After a run, before the server's count is read: look-ahead requests the run had already sent but no longer needed
     * arrive meanwhile, as they would with a client that stays open.
     */
    private static final Duration SETTLE = Duration.ofMillis(200);

    private PagingBenchmark() {
    }

    /**
     * Wall time of a query of {@code pages} pages at each ceiling, as the median of {@code rounds} first runs of fresh clients
     * (timed from connecting to the last page read), after {@code warmUp} untimed ones; with {@code repeated}, also the median
     * of runs 2 to {@code rounds + 1} of one client.
     */
    static List<Latency> latency(final int pages, final Duration delay, final List<Integer> concurrencies, final boolean repeated, final int warmUp,
                                 final int rounds) throws Exception {
        final ServiceFixture.ServedPages served = new ServiceFixture.ServedPages(pages, LATENCY_RECORDS_PER_PAGE);
        try (MockWebServer server = FakeSaleshandyApi.serving(served).withLatency(delay).start()) {
            final String baseUrl = FakeSaleshandyApi.baseUrl(server);
            final List<Latency> results = new ArrayList<>();
            for (final int concurrency : concurrencies) {
                for (int i = 0; i < warmUp; i++) {
                    freshRun(baseUrl, concurrency, pages);
                }
                final double[] fresh = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    fresh[round] = freshRun(baseUrl, concurrency, pages);
                }
                results.add(new Latency(pages, concurrency, delay, median(fresh), repeated ? repeated(baseUrl, concurrency, pages, rounds) : Double.NaN));
            }
            return results;
        }
    }

    /** The first run of a client on a service of its own, timed from connecting to the last page read. */
    private static double freshRun(final String baseUrl, final int concurrency, final int pages) throws Exception {
        try (ServiceFixture service = new ServiceFixture(baseUrl)) {
            final long start = System.nanoTime();
            try (SaleshandyClient client = service.connect(concurrency)) {
                timedRun(client, pages, LATENCY_RECORDS_PER_PAGE);
                return (System.nanoTime() - start) / 1e6;
            }
        }
    }

    /** Median wall time of runs 2 to rounds + 1 of one client. */
    private static double repeated(final String baseUrl, final int concurrency, final int pages, final int rounds) throws Exception {
        try (ServiceFixture service = new ServiceFixture(baseUrl); SaleshandyClient client = service.connect(concurrency)) {
            timedRun(client, pages, LATENCY_RECORDS_PER_PAGE);
            final double[] millis = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                millis[round] = timedRun(client, pages, LATENCY_RECORDS_PER_PAGE);
            }
            return median(millis);
        }
    }

    /** Requests sent for each run length at the processor's defaults (Concurrent Requests 8), pages of 100: first and second run of a client. */
    static List<Requests> requests(final List<Integer> runLengths, final Duration delay, final int rounds) {
        return runLengths.stream().map(pages -> requests(pages, delay, rounds)).toList();
    }

    private static Requests requests(final int pages, final Duration delay, final int rounds) {
        final ServiceFixture.ServedPages served = new ServiceFixture.ServedPages(pages, REQUESTS_RECORDS_PER_PAGE);
        final int[][] sent = new int[2][rounds];
        final int[][] pastEnd = new int[2][rounds];
        final double[][] millis = new double[2][rounds];
        try (MockWebServer server = FakeSaleshandyApi.serving(served).withLatency(delay).start()) {
            final String baseUrl = FakeSaleshandyApi.baseUrl(server);
            for (int round = -1; round < rounds; round++) {
                // Round -1 warms up the JVM and is not counted.
                try (ServiceFixture service = new ServiceFixture(baseUrl); SaleshandyClient client = service.connect(ServiceFixture.DEFAULT_CONCURRENCY)) {
                    for (int run = 0; run < 2; run++) {
                        served.reset();
                        final double wall = timedRun(client, pages, REQUESTS_RECORDS_PER_PAGE);
                        Thread.sleep(SETTLE.toMillis());
                        if (round >= 0) {
                            sent[run][round] = served.requests();
                            pastEnd[run][round] = served.pastEnd();
                            millis[run][round] = wall;
                        }
                    }
                }
            }
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
        return new Requests(pages, delay, Counts.of(sent[0], pastEnd[0], millis[0]), Counts.of(sent[1], pastEnd[1], millis[1]));
    }

    /** One query through {@code client}, every page's JSON written as sent; its wall time in milliseconds. */
    private static double timedRun(final SaleshandyClient client, final int pages, final int recordsPerPage) throws Exception {
        final long start = System.nanoTime();
        final long records = ServiceFixture.runVerbatim(client, recordsPerPage);
        final double millis = (System.nanoTime() - start) / 1e6;
        ServiceFixture.expect(records, (long) pages * recordsPerPage);
        return millis;
    }

    private static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int median(final int[] values) {
        final int[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
