package io.github.nifisaleshandy.benchmarks;

import java.util.Locale;
import java.util.Map;

/**
 * Runs one path of the CPU benchmark in a loop, for a profiler attached to this JVM (JFR:
 * {@code -XX:StartFlightRecording=filename=cpu.jfr,settings=profile}). Arguments: the path's name as in the report, seconds.
 */
public final class CpuProfile {

    private CpuProfile() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, Measurement.Task> tasks = new CpuBenchmark(500).tasks(10);
        final Measurement.Task task = tasks.get(args[0]);
        if (task == null) {
            throw new IllegalArgumentException("No path named '" + args[0] + "'; paths: " + tasks.keySet());
        }
        final long end = System.nanoTime() + (long) (Double.parseDouble(args.length > 1 ? args[1] : "20") * 1e9);
        long records = 0;
        final long start = System.nanoTime();
        while (System.nanoTime() < end) {
            records += task.run();
        }
        System.out.printf(Locale.ROOT, "%s: %,.0f records/s%n", args[0], records / ((System.nanoTime() - start) / 1e9));
    }
}
