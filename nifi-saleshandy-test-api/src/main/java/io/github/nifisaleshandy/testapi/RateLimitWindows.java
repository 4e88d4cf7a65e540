package io.github.nifisaleshandy.testapi;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;

/** The windows of rate-limited mode and the requests each let through. */
final class RateLimitWindows {
    final int requestsPerWindow;
    final Duration window;
    final boolean withHeaders;
    final InstantSource time;
    final boolean serverClock;
    private final List<FakeSaleshandyApi.Arrival> arrivals = new ArrayList<>();
    private Instant first;
    private long windowIndex = -1;
    private int usedInWindow;

    RateLimitWindows(final int requestsPerWindow, final Duration window, final boolean withHeaders, final InstantSource time, final boolean serverClock) {
        this.requestsPerWindow = requestsPerWindow;
        this.window = window;
        this.withHeaders = withHeaders;
        this.time = time;
        this.serverClock = serverClock;
    }

    /** What one request met: let through or not, what remains of its window, and when that window ends. */
    record Turn(boolean allowed, int limit, int remaining, long resetEpochMillis, Instant now, boolean serverClock) {
        String retryAfterSeconds() {
            return String.valueOf(Math.max(1, (resetEpochMillis - now.toEpochMilli() + 999) / 1000));
        }

        MockResponse.Builder headers(final MockResponse.Builder answer) {
            answer.setHeader("x-ratelimit-limit", String.valueOf(limit)).setHeader("x-ratelimit-remaining", String.valueOf(remaining));
            return serverClock ? answer.setHeader("x-ratelimit-reset", String.valueOf(Math.ceilDiv(resetEpochMillis, 1000L)))
                    .setHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atZone(ZoneOffset.UTC)))
                    : answer.setHeader("x-ratelimit-reset", String.valueOf(resetEpochMillis));
        }
    }

    synchronized Turn arrive() {
        final Instant now = time.instant();
        if (first == null) {
            first = now;
        }
        // On a server clock the windows are fixed on its epoch, as Saleshandy's are, so a reset in whole seconds is exact.
        final Instant origin = serverClock ? Instant.EPOCH : first;
        final long index = Duration.between(origin, now).toNanos() / window.toNanos();
        if (index != windowIndex) {
            windowIndex = index;
            usedInWindow = 0;
        }
        final boolean allowed = usedInWindow < requestsPerWindow;
        if (allowed) {
            usedInWindow++;
        }
        arrivals.add(new FakeSaleshandyApi.Arrival(Duration.between(first, now).toNanos(), allowed));
        // Rounded up, as the window's end lies within the millisecond after the first request's plus n windows.
        final long resetEpochMillis = origin.toEpochMilli() + (serverClock ? 0 : 1) + (index + 1) * window.toMillis();
        return new Turn(allowed, requestsPerWindow, requestsPerWindow - usedInWindow, resetEpochMillis, now, serverClock);
    }

    /** The same limit, its windows and arrivals forgotten. */
    RateLimitWindows restarted() {
        return new RateLimitWindows(requestsPerWindow, window, withHeaders, time, serverClock);
    }

    synchronized List<FakeSaleshandyApi.Arrival> arrivals() {
        return List.copyOf(arrivals);
    }
}
