package io.github.nifisaleshandy.client;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells the waits and retries of a scheduled processor that it is being stopped. Real-time waits wait on this signal
 * with a timeout, so a stop ends them at once instead of after a {@code Retry-After} of a minute; one signal per schedule.
 */
public final class StopSignal {

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
