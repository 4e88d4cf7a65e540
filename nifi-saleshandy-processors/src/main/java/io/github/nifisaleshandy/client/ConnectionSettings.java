package io.github.nifisaleshandy.client;

import java.time.Clock;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * What a {@link SaleshandyConnection} is opened with: where and as whom to call, how to reach the host, how often to
 * retry, how many requests to keep in flight, and the clock and sleeper that tests replace.
 */
public record ConnectionSettings(HttpUrl baseUrl, String apiKey, HttpSettings http, RetryPolicy retryPolicy, int concurrency,
                                 Clock clock, Sleeper sleeper) {

    public ConnectionSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more, was " + concurrency);
        }
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "ConnectionSettings[baseUrl=" + baseUrl + ", http=" + http + ", retryPolicy=" + retryPolicy + ", concurrency=" + concurrency + "]";
    }
}
