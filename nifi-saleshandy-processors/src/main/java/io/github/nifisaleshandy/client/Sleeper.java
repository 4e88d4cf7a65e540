package io.github.nifisaleshandy.client;

import java.time.Duration;

/**
 * Waits between attempts, on its own time base; a seam so that tests can observe back-off without waiting for it.
 */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;

    /** The time this sleeper sleeps on, as {@link System#nanoTime()} counts it. */
    default long nanoTime() {
        return System.nanoTime();
    }
}
