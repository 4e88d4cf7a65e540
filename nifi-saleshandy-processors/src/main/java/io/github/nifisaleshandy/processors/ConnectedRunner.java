package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.Failure;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.SaleshandyConnection;
import java.util.function.Supplier;

/**
 * What a processor holds from {@code @OnScheduled} to {@code @OnStopped}, over one connection to Saleshandy: cancelling
 * it ends waits and calls at once, from any thread; closing it closes the connection.
 */
interface ConnectedRunner extends AutoCloseable {

    SaleshandyConnection connection();

    /** Ends waits and cancels calls at once; safe from another thread while a run goes on. */
    default void cancel() {
        connection().cancel();
    }

    /** Whether {@code failure} ended the run because of {@link #cancel()} (a stop), not because Saleshandy failed. */
    default boolean endedByStop(final SaleshandyApiException failure) {
        return failure.getFailure() == Failure.INTERRUPTED && connection().isCancelled();
    }

    @Override
    default void close() throws InterruptedException {
        connection().close();
    }

    /**
     * Builds a runner over {@code connection}, just opened; when building throws, closes the connection before rethrowing,
     * so that its threads, pool and hold on the account's rate-limit gate do not outlive a runner that never existed.
     */
    static <R extends ConnectedRunner> R closingOnFailure(final SaleshandyConnection connection, final Supplier<R> build) {
        try {
            return build.get();
        } catch (final RuntimeException | Error e) {
            try {
                connection.close();
            } catch (final InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                e.addSuppressed(interrupted);
            } catch (final RuntimeException closeFailed) {
                e.addSuppressed(closeFailed);
            }
            throw e;
        }
    }
}
