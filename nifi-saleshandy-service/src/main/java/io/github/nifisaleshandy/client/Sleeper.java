package io.github.nifisaleshandy.client;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
    default Sleeper wakingOn(final Stop stop) {
        return this;
    }

    /** Waits in real time; woken by a {@link Stop} rather than by interrupting a thread that NiFi owns. */
    final class RealTime implements Sleeper {

        private RealTime() {
        }

        @Override
        public void sleep(final Duration duration) throws InterruptedException {
            Thread.sleep(duration);
        }

        @Override
        public Sleeper wakingOn(final Stop stop) {
            return stop::awaitUpTo;
        }
    }

    /**
     * Tells the waits and retries of one client that its processor is stopping: real-time waits wait on it with a timeout,
     * so a stop ends them at once instead of after a {@code Retry-After} of a minute.
     */
    final class Stop {

        private final CountDownLatch stopped = new CountDownLatch(1);

        public void stop() {
            stopped.countDown();
        }

        public boolean isStopped() {
            return stopped.getCount() == 0;
        }

        /** Waits for {@code duration} or until the stop, whichever comes first. */
        void awaitUpTo(final Duration duration) throws InterruptedException {
            stopped.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
