package io.github.nifisaleshandy.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Runs the benchmarks of docs/BENCHMARKS.md in one JVM and prints a Markdown report: each figure next to a floor or a
 * baseline measured in the same run. Options: {@code --quick} runs tiny sizes only, to check that the suite still works;
 * {@code --only=2,5} runs those sections; {@code --cpu-only} is {@code --only=1}.
 */
public final class BenchmarkSuite {

    /** How much work each section does. */
    record Sizes(int cpuPagesPerRound, int cpuWarmUp, int cpuRounds,
                 int latencyPages, int latencyShortPages, Duration latencyDelay, Duration latencyLongDelay, List<Integer> latencyCeilings, int latencyRounds,
                 List<Long> memoryRecords,
                 int rateLimit, Duration rateLimitWindow, int rateLimitPages,
                 List<Duration> requestsDelays, List<Integer> requestsRunLengths, int requestsRounds,
                 int cappedPages, List<Integer> caps,
                 int processorRecords, int processorPageSize, List<Duration> processorDelays, int processorRounds) {

        static final Sizes FULL = new Sizes(40, 15, 21,
                200, 100, Duration.ofMillis(50), Duration.ofMillis(100), List.of(1, 2, 4), 3,
                List.of(10_000L, 100_000L, 1_000_000L),
                10, Duration.ofSeconds(1), 70,
                millis(0, 20, 50, 100), PagingBenchmark.RUN_LENGTHS, 5,
                100, List.of(2, 3),
                10_000, 100, millis(100, 0), 3);
        static final Sizes QUICK = new Sizes(2, 1, 1,
                8, 4, Duration.ofMillis(5), Duration.ofMillis(10), List.of(2), 1,
                List.of(1_000L, 2_000L),
                4, Duration.ofMillis(200), 10,
                millis(0, 5), List.of(1, 5), 1,
                6, List.of(2),
                1_000, 100, millis(5, 0), 1);

        private static List<Duration> millis(final long... values) {
            return Arrays.stream(values).mapToObj(Duration::ofMillis).toList();
        }
    }

    /**
     * MockWebServer warns of each connection a client closed without a request, as the client does when it cancels look-ahead
     * at the end of a query: noise in a report. Held, as JUL keeps only weak references to loggers.
     */
    private static final Logger MOCK_WEB_SERVER_LOG = Logger.getLogger("mockwebserver3.MockWebServer");
    private static final Set<Integer> EVERY_SECTION = Set.of(1, 2, 3, 4, 5, 6, 7);
    /** Issue 21's bound for paging at the defaults: within this factor of the latency floor. */
    private static final double LATENCY_TARGET = 1.15;

    private BenchmarkSuite() {
    }

    public static void main(final String[] args) throws Exception {
        final List<String> options = List.of(args);
        Set<Integer> sections = EVERY_SECTION;
        for (final String option : options) {
            if (option.equals("--cpu-only")) {
                sections = Set.of(1);
            } else if (option.startsWith("--only=")) {
                sections = Arrays.stream(option.substring("--only=".length()).split(",")).map(String::strip).map(Integer::valueOf).collect(Collectors.toSet());
            } else if (!option.equals("--quick")) {
                throw new IllegalArgumentException("Unknown option " + option + "; options: --quick, --cpu-only, --only=N[,N...] (sections 1 to 7)");
            }
        }
        run(options.contains("--quick") ? Sizes.QUICK : Sizes.FULL, System.out, sections);
    }

    static void run(final Sizes sizes, final PrintStream out, final Set<Integer> sections) throws Exception {
        MOCK_WEB_SERVER_LOG.setLevel(Level.SEVERE);
        printMachine(out);
        if (sections.contains(1)) {
            cpu(sizes, out);
        }
        if (sections.contains(2)) {
            latency(sizes, out);
        }
        if (sections.contains(3)) {
            memory(sizes, out);
        }
        if (sections.contains(4)) {
            rateLimited(sizes, out);
        }
        if (sections.contains(5)) {
            requestsPerPage(sizes, out);
        }
        if (sections.contains(6)) {
            concurrencyCapped(sizes, out);
        }
        if (sections.contains(7)) {
            processorToQueue(sizes, out);
        }
    }

    static void run(final Sizes sizes, final PrintStream out) throws Exception {
        run(sizes, out, EVERY_SECTION);
    }

    private static void printMachine(final PrintStream out) {
        final Runtime runtime = Runtime.getRuntime();
        out.printf(Locale.ROOT, "Machine: %d cores, Java %s (%s), %s %s, max heap %d MiB%n%n", runtime.availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
                System.getProperty("os.arch"), runtime.maxMemory() / 1048576);
    }

    /** Section 1: records per second of each path against Jackson's own copy of the page, and the comparisons the targets name. */
    private static void cpu(final Sizes sizes, final PrintStream out) throws Exception {
        final CpuBenchmark cpu = new CpuBenchmark(500);
        out.printf(Locale.ROOT, "## 1. CPU: one 500-record page (%d bytes) from bytes to output%n%n", cpu.pageBytes());
        out.println("| Path | records/s (median) | ratio to floor | spread (IQR) |");
        out.println("|---|---:|---:|---:|");
        final Map<String, Measurement.Throughput> throughput = cpu.run(sizes.cpuPagesPerRound(), sizes.cpuWarmUp(), sizes.cpuRounds());
        final double floor = throughput.get(CpuBenchmark.FLOOR).recordsPerSecond();
        throughput.forEach((name, result) -> out.printf(Locale.ROOT, "| %s | %,.0f | %.2fx | %.0f%% |%n", name, result.recordsPerSecond(),
                result.recordsPerSecond() / floor, result.spreadPercent()));
        out.printf(Locale.ROOT, "%n| Comparison (same run) | ratio of medians | median of per-round ratios |%n|---|---:|---:|%n");
        compare(out, throughput, "Normalized, processor's JSON / floor", CpuBenchmark.NORMALIZED_JSON_OWN, CpuBenchmark.FLOOR);
        compare(out, throughput, "Normalized + JsonRecordSetWriter / ConvertRecord JsonTreeReader -> JsonRecordSetWriter",
                CpuBenchmark.NORMALIZED_JSON, CpuBenchmark.PEER_JSON);
        compare(out, throughput, "Normalized Flat + CSVRecordSetWriter / ConvertRecord JsonTreeReader -> CSVRecordSetWriter",
                CpuBenchmark.FLAT_CSV, CpuBenchmark.PEER_CSV);
        compare(out, throughput, "Normalized + JsonRecordSetWriter, StatsRecord / MapRecord copy", CpuBenchmark.NORMALIZED_JSON,
                CpuBenchmark.NORMALIZED_JSON_MAP_RECORD);
        compare(out, throughput, "Normalized Flat + CSVRecordSetWriter, StatsRecord / MapRecord copy", CpuBenchmark.FLAT_CSV,
                CpuBenchmark.FLAT_CSV_MAP_RECORD);
    }

    private static void compare(final PrintStream out, final Map<String, Measurement.Throughput> throughput, final String label,
                                final String path, final String baseline) {
        final Measurement.Throughput measured = throughput.get(path);
        final Measurement.Throughput base = throughput.get(baseline);
        out.printf(Locale.ROOT, "| %s | %.2fx | %.2fx |%n", label, measured.recordsPerSecond() / base.recordsPerSecond(), measured.pairedRatio(base));
    }

    /** Section 2: paging against a server that delays every answer, at several ceilings and run lengths; fresh and kept clients. */
    private static void latency(final Sizes sizes, final PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%n## 2. Latency-bound paging: pages of 10 records, each answer delayed; adaptive from 1 request in flight; "
                + "median of %d runs%n%n", sizes.latencyRounds());
        out.println("| pages | Concurrent Requests (ceiling) | delay (ms) | floor: pages x delay / ceiling (ms) | first run of a fresh client (ms) "
                + "| ratio to floor | later runs of one client (ms) | ratio to floor |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        final int eight = ServiceFixture.DEFAULT_CONCURRENCY;
        final int warmUp = 1;
        print(out, PagingBenchmark.latency(sizes.latencyPages(), sizes.latencyDelay(), List.of(eight), true, warmUp, sizes.latencyRounds()));
        print(out, PagingBenchmark.latency(sizes.latencyPages(), sizes.latencyLongDelay(), List.of(eight), true, 0, sizes.latencyRounds()));
        print(out, PagingBenchmark.latency(sizes.latencyShortPages(), sizes.latencyDelay(), List.of(eight), true, 0, sizes.latencyRounds()));
        print(out, PagingBenchmark.latency(sizes.latencyShortPages(), sizes.latencyLongDelay(), List.of(eight), true, 0, sizes.latencyRounds()));
        print(out, PagingBenchmark.latency(sizes.latencyPages(), sizes.latencyDelay(), sizes.latencyCeilings(), false, 0, sizes.latencyRounds()));
        out.printf(Locale.ROOT, "%nIssue 21's bound at the default ceiling: within %.2fx of the floor.%n", LATENCY_TARGET);
    }

    private static void print(final PrintStream out, final List<PagingBenchmark.Latency> results) {
        for (final PagingBenchmark.Latency result : results) {
            final boolean repeated = !Double.isNaN(result.repeatedMillis());
            out.printf(Locale.ROOT, "| %d | %s | %d | %.0f | %.0f | %.3fx | %s | %s |%n", result.pages(),
                    result.concurrency() == ServiceFixture.DEFAULT_CONCURRENCY ? "8 (default)" : String.valueOf(result.concurrency()),
                    result.delay().toMillis(), result.floorMillis(), result.freshMillis(), result.freshMillis() / result.floorMillis(),
                    repeated ? String.format(Locale.ROOT, "%.0f", result.repeatedMillis()) : "-",
                    repeated ? String.format(Locale.ROOT, "%.3fx", result.repeatedMillis() / result.floorMillis()) : "-");
        }
    }

    /** Section 3: allocation and heap as runs grow. */
    private static void memory(final Sizes sizes, final PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%n## 3. Memory: runs of growing size, per-page mode (Normalized, processor's JSON, Concurrent Requests 1)%n%n");
        out.println("| Records in the run | allocated bytes per record | vs smallest run | old-gen peak (MiB) | live heap after run (MiB) |");
        out.println("|---:|---:|---:|---:|---:|");
        final List<MemoryBenchmark.Result> memory = MemoryBenchmark.run(sizes.memoryRecords());
        final double smallest = memory.getFirst().allocatedBytesPerRecord();
        for (final MemoryBenchmark.Result result : memory) {
            out.printf(Locale.ROOT, "| %,d | %,.0f | %+.1f%% | %.1f | %.1f |%n", result.records(), result.allocatedBytesPerRecord(),
                    100 * (result.allocatedBytesPerRecord() / smallest - 1), result.oldGenPeakMegabytes(), result.liveAfterRunMegabytes());
        }
    }

    /** Section 4: a server with a fixed window of requests, with and without rate-limit headers. */
    private static void rateLimited(final Sizes sizes, final PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%n## 4. Rate-limited server: %d requests per %d ms window, HTTP 429 past it; %d pages, default settings "
                + "(Concurrent Requests 8, Max Retries 3), %d ms round trip%n%n", sizes.rateLimit(), sizes.rateLimitWindow().toMillis(),
                sizes.rateLimitPages(), sizes.latencyDelay().toMillis());
        out.println("| x-ratelimit-* headers | wall time (s) | windows | 429s in window 1 | 429s after window 1 | most 429s in one window "
                + "| full windows after the first: requests / allowed |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (final boolean headers : List.of(true, false)) {
            final ThrottledServerBenchmark.RateLimited result = ThrottledServerBenchmark.rateLimited(sizes.rateLimit(), sizes.rateLimitWindow(),
                    sizes.rateLimitPages(), sizes.latencyDelay(), headers);
            out.printf(Locale.ROOT, "| %s | %.1f | %d | %d | %d | %d | %s |%n", headers ? "sent" : "not sent", result.seconds(), result.windows(),
                    result.firstWindow429s(), result.laterWindow429s(), result.maxPerWindow429s(), Double.isNaN(result.fullWindowsShareOfAllowed())
                            ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * result.fullWindowsShareOfAllowed()));
        }
    }

    /** Section 5: what look-ahead costs, in requests sent per page needed, at several latencies, against issue 21's bounds. */
    private static void requestsPerPage(final Sizes sizes, final PrintStream out) {
        out.printf(Locale.ROOT, "%n## 5. Requests sent per page needed: default settings (Concurrent Requests 8, adaptive from 1), pages of 100; "
                + "median of %d runs (range); a fresh client's first run, then a second run of the same client%n%n", sizes.requestsRounds());
        out.println("| delay (ms) | pages needed | at most (issue 21) | first run: requests | past the end | wall time (ms) "
                + "| second run: requests | past the end | wall time (ms) | floor at 8 in flight (ms) | serial: pages x delay (ms) | within bound |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (final Duration delay : sizes.requestsDelays()) {
            for (final PagingBenchmark.Requests result : PagingBenchmark.requests(sizes.requestsRunLengths(), delay, sizes.requestsRounds())) {
                final Integer target = result.target();
                out.printf(Locale.ROOT, "| %d | %d | %s | %s | %d | %.0f | %s | %d | %.0f | %.0f | %.0f | %s |%n", delay.toMillis(), result.pages(),
                        target == null ? "-" : target, requests(result.fresh()), result.fresh().pastEnd(), result.fresh().millis(),
                        requests(result.second()), result.second().pastEnd(), result.second().millis(), result.floorMillis(), result.serialMillis(),
                        target == null ? "-" : Math.max(result.fresh().most(), result.second().most()) <= target ? "yes" : "no");
            }
        }
    }

    private static String requests(final PagingBenchmark.Counts counts) {
        return String.format(Locale.ROOT, "%d (%d-%d)", counts.requests(), counts.fewest(), counts.most());
    }

    /** Section 6: a gateway capping requests in flight. */
    private static void concurrencyCapped(final Sizes sizes, final PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%n## 6. Concurrency-capped server: HTTP 429 to every request past N in flight, no rate-limit headers; %d pages, "
                + "%d ms per response; default settings (Concurrent Requests 8, Max Retries 3) vs Concurrent Requests 1 on the same server%n%n",
                sizes.cappedPages(), sizes.latencyDelay().toMillis());
        out.println("| N | Retry-After | defaults: wall time (s) | 429s | requests let through | Concurrent Requests 1: wall time (s) | 429s "
                + "| throughput, defaults / Concurrent Requests 1 | floor: pages x delay / N (s) | defaults: ratio to floor |");
        out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (final int cap : sizes.caps()) {
            for (final String retryAfter : Arrays.asList("1", null)) {
                final ThrottledServerBenchmark.Capped result = ThrottledServerBenchmark.capped(cap, retryAfter, sizes.cappedPages(), sizes.latencyDelay());
                out.printf(Locale.ROOT, "| %d | %s | %.2f | %d | %d | %.2f | %d | %.2fx | %.2f | %.2fx |%n", result.cap(),
                        result.retryAfter() == null ? "none" : result.retryAfter() + " s", result.defaults().seconds(), result.defaults().refused(),
                        result.defaults().served(), result.serial().seconds(), result.serial().refused(), result.speedUp(), result.floorSeconds(),
                        result.defaultsToFloor());
            }
        }
    }

    /** Section 7: GetSaleshandyStats in nifi-mock, from its start to the committed FlowFiles, and where the time goes. */
    private static void processorToQueue(final Sizes sizes, final PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%n## 7. Processor to queue: GetSaleshandyStats at its defaults (Normalized, no Record Writer, Concurrent Requests 8) "
                + "in nifi-mock, %,d records in pages of %d; median of %d runs; times in ms from the processor's start (runner.run)%n%n",
                sizes.processorRecords(), sizes.processorPageSize(), sizes.processorRounds());
        out.println("| delay (ms) | run | requests (past the end) | first request | 8 in flight | last page answered | first FlowFile | last FlowFile "
                + "| commit begins | FlowFiles in the queue | floor: pages x delay / 8 | ratio to floor | page loop: pages x delay | page loop / ours |");
        out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (final Duration delay : sizes.processorDelays()) {
            final ProcessorBenchmark.Result result = ProcessorBenchmark.run(sizes.processorRecords(), sizes.processorPageSize(), delay,
                    sizes.processorRounds());
            print(out, result, "first, fresh processor", result.first());
            print(out, result, "second, same processor", result.second());
        }
    }

    private static void print(final PrintStream out, final ProcessorBenchmark.Result result, final String run, final ProcessorBenchmark.Timeline timeline) {
        final boolean delayed = !result.delay().isZero();
        out.printf(Locale.ROOT, "| %d | %s | %d (%d) | %.0f | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %.0f | %s |%n", result.delay().toMillis(), run,
                timeline.requests(), timeline.pastEnd(), timeline.firstRequest(), Double.isNaN(timeline.eightInFlight()) ? "never"
                        : String.format(Locale.ROOT, "%.0f", timeline.eightInFlight()), timeline.lastAnswer(), timeline.firstFlowFile(),
                timeline.lastFlowFile(), timeline.commitBegins(), timeline.committed(), result.floorMillis(),
                delayed ? String.format(Locale.ROOT, "%.2fx", timeline.committed() / result.floorMillis()) : "-", result.serialMillis(),
                delayed ? String.format(Locale.ROOT, "%.1fx", result.serialMillis() / timeline.committed()) : "-");
    }
}
