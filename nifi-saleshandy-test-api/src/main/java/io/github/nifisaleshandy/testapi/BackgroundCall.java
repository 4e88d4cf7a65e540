package io.github.nifisaleshandy.testapi;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call on a thread of its own, which a test can see parked in a timed wait (such as a request waiting for its turn)
 * without sleeping for it. Callers bound the whole test with a JUnit {@code @Timeout}.
 */
public final class BackgroundCall<T> {

    private final FutureTask<T> task;
    private final Thread thread;

    private BackgroundCall(final Callable<T> call) {
        this.task = new FutureTask<>(call);
        this.thread = new Thread(task, "background-call");
        thread.setDaemon(true);
    }

    public static <T> BackgroundCall<T> start(final Callable<T> call) {
        final BackgroundCall<T> background = new BackgroundCall<>(call);
        background.thread.start();
        return background;
    }

    /** Returns once the call is parked in a timed wait, or has ended (then {@link #isDone()} says so). */
    public BackgroundCall<T> awaitParkedOrDone() {
        while (!task.isDone() && thread.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        return this;
    }

    public boolean isDone() {
        return task.isDone();
    }

    public T get() throws InterruptedException, ExecutionException, TimeoutException {
        return task.get(10, TimeUnit.SECONDS);
    }

    /** The exception the call ended with; fails when it ended otherwise. */
    public Throwable failure() throws InterruptedException, TimeoutException {
        try {
            final T result = get();
            throw new AssertionError("expected a failure, got " + result);
        } catch (final ExecutionException e) {
            return e.getCause();
        }
    }

    public void interrupt() {
        thread.interrupt();
    }
}
