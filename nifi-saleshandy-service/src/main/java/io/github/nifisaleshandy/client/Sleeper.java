package io.github.nifisaleshandy.client;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits between attempts, on its own time base: a seam so that tests can observe back-off without waiting for it. */
@FunctionalInterface
public interface Sleeper {

    /** Woken by a {@link Stop} rather than by interrupting a thread that NiFi owns. */
    Sleeper SYSTEM = new Sleeper() {
        @Override
        public void sleep(final Duration duration) throws InterruptedException {
            Thread.sleep(duration);
        }

        @Override
        public Sleeper wakingOn(final Stop stop) {
            return stop::awaitUpTo;
        }
    };

    void sleep(Duration duration) throws InterruptedException;

    default long nanoTime() {
        return System.nanoTime();
    }

    /** Waits that end early once {@code stop} is given; a sleeper that really blocks must override this. */
    default Sleeper wakingOn(final Stop stop) {
        return this;
    }

    /** Tells one client's waits and retries that its processor is stopping, ending a minute's {@code Retry-After} at once. */
    final class Stop {

        private final CountDownLatch stopped = new CountDownLatch(1);

        public void stop() {
            stopped.countDown();
        }

        public boolean isStopped() {
            return stopped.getCount() == 0;
        }

        void awaitUpTo(final Duration duration) throws InterruptedException {
            stopped.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
