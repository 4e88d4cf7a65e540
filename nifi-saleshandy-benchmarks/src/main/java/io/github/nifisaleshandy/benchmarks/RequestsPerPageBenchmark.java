package io.github.nifisaleshandy.benchmarks;

import io.github.nifisaleshandy.output.VerbatimJsonPageWriter;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;

/**
 * What speculation costs: runs of a few to many pages with the processor's defaults (Concurrent Requests 8, adaptive,
 * starting with one request), counting every stats request the server received, and those for pages past the last one.
 * A run cannot know its last page before it arrives, so look-ahead requests past it are the price of its speed; this
 * shows that price next to the time the run took, against the least time 8 in flight could take
 * (max(1, pages / 8) x delay) and against one request at a time (pages x delay).
 *
 * <p>Uses only {@link Pipeline#verbatim(String, int, io.github.nifisaleshandy.output.PageWriter)} and the fake API, so
 * that this file also compiles against older commits: docs/BENCHMARKS.md says how the "before" figures were measured.
 */
final class RequestsPerPageBenchmark {

    /** Medians over the timed runs of one run length; requests as the lowest and highest seen too. */
    record Result(int pages, Duration delay, double millis, int medianRequests, int fewestRequests, int mostRequests, int medianPastEnd) {

        double floorMillis() {
            return Math.max(1.0, pages / (double) DEFAULT_CONCURRENCY) * delay.toMillis();
        }

        double serialMillis() {
            return (double) pages * delay.toMillis();
        }
    }

    /** The run lengths of the report. */
    static final List<Integer> RUN_LENGTHS = List.of(1, 2, 5, 20, 100);

    private static final int DEFAULT_CONCURRENCY = 8;
    private static final int RECORDS_PER_PAGE = 100;
    /**
     * After a run, before its connection closes and the count is read: look-ahead requests the run no longer needed but
     * had already sent reach the server meanwhile, as they would with a connection that stays open.
     */
    private static final Duration SETTLE = Duration.ofMillis(200);

    private final Duration delay;
    private final int rounds;

    RequestsPerPageBenchmark(final Duration delay, final int rounds) {
        this.delay = delay;
        this.rounds = rounds;
    }

    /** Standalone, for commits whose suite lacks this benchmark: {@code [delay ms] [rounds]}, defaults 50 and 5. */
    public static void main(final String[] args) throws Exception {
        final Duration delay = Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 50);
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        print(new RequestsPerPageBenchmark(delay, rounds).run(RUN_LENGTHS), System.out);
    }

    static void print(final List<Result> results, final PrintStream out) {
        out.println("| pages needed | requests sent (median, range) | past the end | requests per page | wall time (ms) "
                + "| floor at 8 in flight (ms) | ratio to floor | serial: pages x delay (ms) | ratio to serial |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (final Result result : results) {
            out.printf(Locale.ROOT, "| %d | %d (%d-%d) | %d | %.2f | %.0f | %.0f | %.2fx | %.0f | %.2fx |%n", result.pages(), result.medianRequests(),
                    result.fewestRequests(), result.mostRequests(), result.medianPastEnd(), (double) result.medianRequests() / result.pages(),
                    result.millis(), result.floorMillis(), result.millis() / result.floorMillis(), result.serialMillis(),
                    result.millis() / result.serialMillis());
        }
    }

    List<Result> run(final List<Integer> runLengths) throws Exception {
        return runLengths.stream().map(this::measure).toList();
    }

    private Result measure(final int pages) {
        final List<Map<String, Object>> records = StatsPages.realisticRecords(pages * RECORDS_PER_PAGE);
        final byte[][] bodies = new byte[pages][];
        for (int page = 1; page <= pages; page++) {
            bodies[page - 1] = StatsPages.body(records.subList((page - 1) * RECORDS_PER_PAGE, page * RECORDS_PER_PAGE), page < pages, page);
        }
        final byte[] pastTheEnd = StatsPages.body(List.of(), false, 1);
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger pastEnd = new AtomicInteger();
        final FakeSaleshandyApi api = FakeSaleshandyApi.serving((page, request) -> {
            requests.incrementAndGet();
            if (page > pages) {
                pastEnd.incrementAndGet();
                return pastTheEnd;
            }
            return bodies[page - 1];
        }).withLatency(delay);
        final double[] millis = new double[rounds];
        final int[] sent = new int[rounds];
        final int[] sentPastEnd = new int[rounds];
        try (MockWebServer server = api.start()) {
            final String baseUrl = FakeSaleshandyApi.baseUrl(server);
            runOnce(baseUrl, pages);
            for (int round = 0; round < rounds; round++) {
                requests.set(0);
                pastEnd.set(0);
                millis[round] = runOnce(baseUrl, pages);
                sent[round] = requests.get();
                sentPastEnd[round] = pastEnd.get();
            }
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
        Arrays.sort(millis);
        Arrays.sort(sent);
        Arrays.sort(sentPastEnd);
        return new Result(pages, delay, millis[rounds / 2], sent[rounds / 2], sent[0], sent[rounds - 1], sentPastEnd[rounds / 2]);
    }

    /**
     * One run, on an account of its own (as the first run after the connection service is enabled): a run that ends
     * with requests in flight may leave one of the account's permits held for good, see docs/BENCHMARKS.md. Returns the
     * run's wall time in milliseconds.
     */
    private static double runOnce(final String baseUrl, final int pages) throws Exception {
        try (Pipeline<Void> pipeline = Pipeline.verbatim(baseUrl, DEFAULT_CONCURRENCY, new VerbatimJsonPageWriter())) {
            final long start = System.nanoTime();
            final long records = pipeline.run(RECORDS_PER_PAGE);
            final double millis = (System.nanoTime() - start) / 1e6;
            if (records != (long) pages * RECORDS_PER_PAGE) {
                throw new IllegalStateException("expected " + pages * RECORDS_PER_PAGE + " records, got " + records);
            }
            Thread.sleep(SETTLE.toMillis());
            return millis;
        }
    }
}
