package io.github.nifisaleshandy.benchmarks;

import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A rate-limited Saleshandy in front of a {@link FakeSaleshandyApi}: at most {@code limit} requests per fixed window,
 * counted when a request arrives, the window clock starting with the first request; past the limit HTTP 429 with
 * {@code Retry-After} (whole seconds, as HTTP has it). With headers on, every answer also carries {@code x-ratelimit-limit},
 * {@code x-ratelimit-remaining} and {@code x-ratelimit-reset} (epoch milliseconds of the window's end).
 */
final class RateLimitedApi extends Dispatcher {

    /** When each request arrived, in nanoseconds from the first, and whether it was let through. */
    record Arrival(long atNanos, boolean allowed) {
    }

    private final FakeSaleshandyApi api;
    private final int limit;
    private final Duration window;
    private final boolean headers;
    private final Duration latency;
    private final List<Arrival> arrivals = new ArrayList<>();
    private long firstNanos = -1;
    private long firstEpochMillis;
    private long windowIndex = -1;
    private int usedInWindow;

    RateLimitedApi(final FakeSaleshandyApi api, final int limit, final Duration window, final boolean headers, final Duration latency) {
        this.api = api;
        this.limit = limit;
        this.window = window;
        this.headers = headers;
        this.latency = latency;
    }

    @Override
    public MockResponse dispatch(final RecordedRequest request) {
        final long now = System.nanoTime();
        final boolean allowed;
        final int remaining;
        final long resetEpochMillis;
        synchronized (this) {
            if (firstNanos < 0) {
                firstNanos = now;
                firstEpochMillis = System.currentTimeMillis();
            }
            final long index = (now - firstNanos) / window.toNanos();
            if (index != windowIndex) {
                windowIndex = index;
                usedInWindow = 0;
            }
            allowed = usedInWindow < limit;
            if (allowed) {
                usedInWindow++;
            }
            remaining = limit - usedInWindow;
            // Rounded up, as the window's end lies within the millisecond after firstEpochMillis + n windows.
            resetEpochMillis = firstEpochMillis + 1 + (index + 1) * window.toMillis();
            arrivals.add(new Arrival(now - firstNanos, allowed));
        }
        final MockResponse.Builder response = allowed ? api.dispatch(request).newBuilder()
                : FakeSaleshandyApi.json(429, "{\"message\":\"Too many requests\"}")
                        .setHeader("Retry-After", String.valueOf(Math.max(1, (resetEpochMillis - System.currentTimeMillis() + 999) / 1000)))
                        .headersDelay(latency.toNanos(), TimeUnit.NANOSECONDS);
        if (headers) {
            response.setHeader("x-ratelimit-limit", String.valueOf(limit))
                    .setHeader("x-ratelimit-remaining", String.valueOf(remaining))
                    .setHeader("x-ratelimit-reset", String.valueOf(resetEpochMillis));
        }
        return response.build();
    }

    synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    synchronized void reset() {
        arrivals.clear();
        firstNanos = -1;
        windowIndex = -1;
        usedInWindow = 0;
    }
}
