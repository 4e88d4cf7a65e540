package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.SaleshandyConnection;

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

    /** Whether the run ended because of {@link #cancel()}, not because Saleshandy failed. */
    default boolean isCancelled() {
        return connection().isCancelled();
    }

    @Override
    default void close() throws InterruptedException {
        connection().close();
    }
}
