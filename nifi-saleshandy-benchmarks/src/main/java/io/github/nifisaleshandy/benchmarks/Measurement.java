package io.github.nifisaleshandy.benchmarks;

import java.util.Arrays;

/**
 * Times a task: warm-up rounds first, then timed rounds; the median round is the result.
 */
final class Measurement {

    /** Something to time; returns how many records it handled. */
    @FunctionalInterface
    interface Task {
        long run() throws Exception;
    }

    /** Records per second of the median round. */
    record Throughput(double recordsPerSecond, double spreadPercent) {
    }

    private Measurement() {
    }

    static Throughput throughput(final Task task, final int warmUpRounds, final int timedRounds) throws Exception {
        for (int i = 0; i < warmUpRounds; i++) {
            task.run();
        }
        final double[] rates = new double[timedRounds];
        for (int i = 0; i < timedRounds; i++) {
            final long start = System.nanoTime();
            final long records = task.run();
            rates[i] = records / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        final double median = rates[timedRounds / 2];
        return new Throughput(median, 100.0 * (rates[timedRounds - 1] - rates[0]) / median);
    }

    /** Median wall time of the timed rounds, in milliseconds. */
    static double millis(final Task task, final int warmUpRounds, final int timedRounds) throws Exception {
        for (int i = 0; i < warmUpRounds; i++) {
            task.run();
        }
        final double[] times = new double[timedRounds];
        for (int i = 0; i < timedRounds; i++) {
            final long start = System.nanoTime();
            task.run();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        return times[timedRounds / 2];
    }
}
