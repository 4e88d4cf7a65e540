package io.github.nifisaleshandy.client;

/**
 * Told, on the thread that sent the request, each time Saleshandy answered it with HTTP 429 and it will be retried: the
 * run that sent it can then send fewer requests at once.
 */
@FunctionalInterface
public interface RateLimitListener {

    RateLimitListener NONE = () -> { };

    void rateLimited();
}
