package io.github.nifisaleshandy.client;

import java.time.Duration;

/**
 * Waits in real time; woken by a {@link StopSignal} rather than by interrupting a thread that NiFi owns.
 */
final class SystemSleeper implements Sleeper {

    @Override
    public void sleep(final Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    @Override
    public Sleeper wakingOn(final StopSignal stop) {
        return stop::awaitUpTo;
    }
}
