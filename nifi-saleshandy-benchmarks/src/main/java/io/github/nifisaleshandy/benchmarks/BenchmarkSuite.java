package io.github.nifisaleshandy.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the benchmarks of docs/BENCHMARKS.md in one JVM and prints a Markdown report: each figure next to a floor
 * measured in the same run, as a ratio. {@code --quick} runs tiny sizes only, to check that the suite still works.
 */
public final class BenchmarkSuite {

    /** How much work each benchmark does. */
    record Sizes(int cpuPagesPerRound, int cpuWarmUp, int cpuRounds, List<Integer> latencyPages, Duration latencyDelay, Duration longLatencyDelay,
                 int latencyRounds, List<Long> memoryRecords, int rateLimit, Duration rateLimitWindow, int rateLimitPages,
                 List<Integer> requestsRunLengths, int requestsRounds, int cappedPages, List<Integer> caps) {

        static final Sizes FULL = new Sizes(40, 15, 21, List.of(200, 100), Duration.ofMillis(50), Duration.ofMillis(100), 3,
                List.of(10_000L, 100_000L, 1_000_000L), 10, Duration.ofSeconds(1), 70, RequestsPerPageBenchmark.RUN_LENGTHS, 5, 100, List.of(2, 3));
        static final Sizes QUICK = new Sizes(2, 1, 1, List.of(8), Duration.ofMillis(5), Duration.ofMillis(10), 1, List.of(1_000L, 2_000L),
                4, Duration.ofMillis(200), 10, List.of(1, 5), 1, 6, List.of(2));
    }

    /** The processor's default Concurrent Requests. */
    private static final int DEFAULT_CONCURRENCY = 8;

    private BenchmarkSuite() {
    }

    public static void main(final String[] args) throws Exception {
        final boolean quick = List.of(args).contains("--quick");
        run(quick ? Sizes.QUICK : Sizes.FULL, System.out, List.of(args).contains("--cpu-only"));
    }

    static void run(final Sizes sizes, final PrintStream out) throws Exception {
        run(sizes, out, false);
    }

    private static void compare(final PrintStream out, final Map<String, Measurement.Throughput> throughput, final String label,
                                final String path, final String baseline) {
        final Measurement.Throughput measured = throughput.get(path);
        final Measurement.Throughput base = throughput.get(baseline);
        out.printf(Locale.ROOT, "| %s | %.2fx | %.2fx |%n", label, measured.recordsPerSecond() / base.recordsPerSecond(), measured.pairedRatio(base));
    }

    /** With {@code cpuOnly}, only the CPU benchmark: for repeated runs while profiling. */
    static void run(final Sizes sizes, final PrintStream out, final boolean cpuOnly) throws Exception {
        printMachine(out);
        cpu(sizes, out);
        if (cpuOnly) {
            return;
        }
        latency(sizes, out);
        memory(sizes, out);
        rateLimited(sizes, out);
        requestsPerPage(sizes, out);
        concurrencyCapped(sizes, out);
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

    /** Section 2: paging against a server that delays every answer, at several ceilings and run lengths. */
    private static void latency(final Sizes sizes, final PrintStream out) throws Exception {
        final int longest = sizes.latencyPages().getFirst();
        out.printf(Locale.ROOT, "%n## 2. Latency-bound paging: %d pages, each response delayed; adaptive, starting with 1 request in flight%n%n",
                longest);
        out.println("| pages | Concurrent Requests (ceiling) | delay (ms) | wall time (ms) | floor (ms) | ratio to floor |");
        out.println("|---:|---:|---:|---:|---:|---:|");
        final List<PagingLatencyBenchmark.Result> latency = new ArrayList<>(new PagingLatencyBenchmark(longest,
                sizes.latencyDelay()).run(List.of(1, 2, 4, DEFAULT_CONCURRENCY), 1, sizes.latencyRounds()));
        latency.addAll(new PagingLatencyBenchmark(longest, sizes.longLatencyDelay()).run(List.of(DEFAULT_CONCURRENCY), 1,
                sizes.latencyRounds()));
        for (final int pages : sizes.latencyPages().subList(1, sizes.latencyPages().size())) {
            latency.addAll(new PagingLatencyBenchmark(pages, sizes.latencyDelay()).run(List.of(DEFAULT_CONCURRENCY), 1, sizes.latencyRounds()));
        }
        for (final PagingLatencyBenchmark.Result result : latency) {
            out.printf(Locale.ROOT, "| %d | %s | %d | %.0f | %.0f | %.3fx |%n", result.pages(), result.concurrency() == DEFAULT_CONCURRENCY
                    ? "8 (default)" : String.valueOf(result.concurrency()), result.delay().toMillis(), result.millis(), result.floorMillis(),
                    result.ratio());
        }
    }

    /** Section 3: allocation and heap as runs grow. */
    private static void memory(final Sizes sizes, final PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%n## 3. Memory: runs of growing size, per-page mode (Normalized, Concurrent Requests 1)%n%n");
        out.println("| Records in the run | allocated bytes per record | vs smallest run | old-gen peak (MiB) | live heap after run (MiB) |");
        out.println("|---:|---:|---:|---:|---:|");
        final List<MemoryBenchmark.Result> memory = new MemoryBenchmark().run(sizes.memoryRecords());
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
        final RateLimitBenchmark rateLimited = new RateLimitBenchmark(sizes.rateLimit(), sizes.rateLimitWindow(), sizes.rateLimitPages(),
                sizes.latencyDelay());
        for (final boolean headers : List.of(true, false)) {
            final RateLimitBenchmark.Result result = rateLimited.run(headers);
            out.printf(Locale.ROOT, "| %s | %.1f | %d | %d | %d | %d | %s |%n", headers ? "sent" : "not sent", result.seconds(), result.windows(),
                    result.firstWindow429s(), result.laterWindow429s(), result.maxPerWindow429s(),
                    Double.isNaN(result.fullWindowsShareOfAllowed()) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * result.fullWindowsShareOfAllowed()));
        }
    }

    /** Section 5: what speculation costs, in requests sent per page needed. */
    private static void requestsPerPage(final Sizes sizes, final PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%n## 5. Requests sent per page needed: default settings (Concurrent Requests 8, adaptive from 1), %d ms per "
                + "response, pages of 100; median of %d runs%n%n", sizes.latencyDelay().toMillis(), sizes.requestsRounds());
        RequestsPerPageBenchmark.print(new RequestsPerPageBenchmark(sizes.latencyDelay(), sizes.requestsRounds()).run(sizes.requestsRunLengths()), out);
    }

    /** Section 6: a gateway capping requests in flight. */
    private static void concurrencyCapped(final Sizes sizes, final PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%n## 6. Concurrency-capped server: HTTP 429 to every request past N in flight, no rate-limit headers; %d pages, "
                + "%d ms per response; default settings (Concurrent Requests 8, Max Retries 3) vs Concurrent Requests 1 on the same server%n%n",
                sizes.cappedPages(), sizes.latencyDelay().toMillis());
        out.println("| N | Retry-After | defaults: wall time (s) | 429s | requests let through | Concurrent Requests 1: wall time (s) | 429s "
                + "| throughput, defaults / Concurrent Requests 1 | floor: pages x delay / N (s) | defaults: ratio to floor |");
        out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        final ConcurrencyCapBenchmark capped = new ConcurrencyCapBenchmark(sizes.cappedPages(), sizes.latencyDelay());
        for (final int cap : sizes.caps()) {
            for (final String retryAfter : Arrays.asList("1", null)) {
                final ConcurrencyCapBenchmark.Result result = capped.run(cap, retryAfter);
                out.printf(Locale.ROOT, "| %d | %s | %.2f | %d | %d | %.2f | %d | %.2fx | %.2f | %.2fx |%n", result.cap(),
                        result.retryAfter() == null ? "none" : result.retryAfter() + " s", result.defaults().seconds(), result.defaults().refused(),
                        result.defaults().served(), result.serial().seconds(), result.serial().refused(), result.speedUp(), result.floorSeconds(),
                        result.defaultsToFloor());
            }
        }
    }
}
