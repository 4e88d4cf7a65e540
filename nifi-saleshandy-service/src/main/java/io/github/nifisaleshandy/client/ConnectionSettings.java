package io.github.nifisaleshandy.client;

import java.time.Clock;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * What a {@link SaleshandyAccount} is opened with: where and as whom to call, how to reach the host, how often to
 * retry, how many requests to the account may be in flight at most, and the clock and sleeper that tests replace.
 */
public record ConnectionSettings(HttpUrl baseUrl, String apiKey, HttpSettings http, RetryPolicy retryPolicy, int maxInFlight,
                                 Clock clock, Sleeper sleeper) {

    public ConnectionSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be 1 or more, was " + maxInFlight);
        }
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "ConnectionSettings[baseUrl=" + baseUrl + ", http=" + http + ", retryPolicy=" + retryPolicy + ", maxInFlight=" + maxInFlight + "]";
    }
}
