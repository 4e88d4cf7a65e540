package io.github.nifisaleshandy.testing;

import io.github.nifisaleshandy.client.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records the waits it is asked for instead of waiting, and lets its own clock jump ahead by each wait, so back-off is
 * asserted exactly without slowing tests down. Like a real wait, it ends with an {@link InterruptedException} on a
 * thread that was interrupted (a cancelled request).
 */
public final class RecordingSleeper implements Sleeper {

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final AtomicLong nanoTime = new AtomicLong();

    @Override
    public void sleep(final Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        waits.add(duration);
        nanoTime.addAndGet(duration.toNanos());
    }

    @Override
    public long nanoTime() {
        return nanoTime.get();
    }

    public List<Duration> waits() {
        return List.copyOf(waits);
    }
}
