package io.github.nifisaleshandy.client;

import java.time.Duration;

/**
 * Waits between attempts, on its own time base; a seam so that tests can observe back-off without waiting for it.
 */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = new RealTime();

    void sleep(Duration duration) throws InterruptedException;

    /** The time this sleeper sleeps on, as {@link System#nanoTime()} counts it. */
    default long nanoTime() {
        return System.nanoTime();
    }

    /**
     * This sleeper, with waits that end early once {@code stop} is signalled. The default suits sleepers that do not
     * really wait (test fakes) and returns this one; a sleeper that blocks must override it.
     */
    default Sleeper wakingOn(final StopSignal stop) {
        return this;
    }

    /** Waits in real time; woken by a {@link StopSignal} rather than by interrupting a thread that NiFi owns. */
    final class RealTime implements Sleeper {

        private RealTime() {
        }

        @Override
        public void sleep(final Duration duration) throws InterruptedException {
            Thread.sleep(duration);
        }

        @Override
        public Sleeper wakingOn(final StopSignal stop) {
            return stop::awaitUpTo;
        }
    }
}
