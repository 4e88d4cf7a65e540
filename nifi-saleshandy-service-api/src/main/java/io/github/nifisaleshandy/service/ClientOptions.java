package io.github.nifisaleshandy.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How a processor's client behaves: its name (for thread names and logs), how many requests of one query it may have in
 * flight at most (the service may allow fewer, and shares the account's limit between processors), whether failed
 * requests are retried, and who hears of retries and warnings.
 */
public record ClientOptions(String name, int concurrentRequests, boolean retry, Events events) {

    public ClientOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(events, "events");
        if (concurrentRequests < 1) {
            throw new IllegalArgumentException("concurrentRequests must be 1 or more, was " + concurrentRequests);
        }
    }

    /** One request at a time and no retries: what Verify needs, one answer as it comes. */
    public static ClientOptions verify(final String name) {
        return new ClientOptions(name, 1, false, Events.NONE);
    }

    /** What a processor is told while its queries run, so that the user sees why a run is slow or odd. */
    public interface Events {

        Events NONE = new Events() { };

        /** A request failed and is sent again after {@code wait}; {@code retry} is 0 for one not counted against Max Retries. */
        default void retrying(final SaleshandyApiException failure, final int retry, final Duration wait) {
        }

        /** Something odd that did not fail the query, such as empty pages in the middle of a window. */
        default void warning(final String message) {
        }
    }
}
