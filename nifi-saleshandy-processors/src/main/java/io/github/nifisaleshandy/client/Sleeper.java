package io.github.nifisaleshandy.client;

import java.time.Duration;

/**
 * Waits between attempts; a seam so that tests can observe back-off without waiting for it.
 */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}
