package io.github.nifisaleshandy.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times CPU-bound tasks: warm-up rounds first, then timed rounds; the median round is the result.
 */
final class Measurement {

    /** Something to time; returns how many records it handled. */
    @FunctionalInterface
    interface Task {
        long run() throws Exception;
    }

    /**
     * Records per second of the median round, the interquartile range of the rounds as a share of it, and each round's
     * rate in the order measured.
     */
    record Throughput(double recordsPerSecond, double spreadPercent, double[] roundRates) {

        /**
         * How many times faster than {@code other} this is: the median of the round-by-round ratios. Round i of every task
         * runs back to back, so each ratio compares two tasks under the same load; on a shared machine that is steadier
         * than the ratio of two medians.
         */
        double pairedRatio(final Throughput other) {
            final double[] ratios = new double[roundRates.length];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = roundRates[i] / other.roundRates[i];
            }
            Arrays.sort(ratios);
            return ratios[ratios.length / 2];
        }
    }

    private Measurement() {
    }

    /**
     * Throughput of several tasks measured round-robin (every task warmed up first, then one timed round of each in turn),
     * so that JIT warm-up and machine noise fall on all of them alike rather than on whichever runs first.
     */
    static Map<String, Throughput> interleaved(final Map<String, Task> tasks, final int warmUpRounds, final int timedRounds) throws Exception {
        for (final Task task : tasks.values()) {
            for (int i = 0; i < warmUpRounds; i++) {
                task.run();
            }
        }
        final Map<String, double[]> rates = new LinkedHashMap<>();
        tasks.keySet().forEach(name -> rates.put(name, new double[timedRounds]));
        for (int round = 0; round < timedRounds; round++) {
            for (final Map.Entry<String, Task> task : tasks.entrySet()) {
                final long start = System.nanoTime();
                final long records = task.getValue().run();
                rates.get(task.getKey())[round] = records / ((System.nanoTime() - start) / 1e9);
            }
        }
        final Map<String, Throughput> results = new LinkedHashMap<>();
        rates.forEach((name, roundRates) -> {
            final double[] values = roundRates.clone();
            Arrays.sort(values);
            final double median = values[timedRounds / 2];
            final double interquartileRange = values[(3 * timedRounds) / 4] - values[timedRounds / 4];
            results.put(name, new Throughput(median, 100.0 * interquartileRange / median, roundRates));
        });
        return results;
    }
}
