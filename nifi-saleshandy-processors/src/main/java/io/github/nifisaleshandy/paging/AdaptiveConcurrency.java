package io.github.nifisaleshandy.paging;

import java.util.OptionalLong;

/**
 * How many page requests a run may have in flight, adapted to how Saleshandy answers. An adaptive run starts with one
 * request, doubles after each page that came back without a rate limit, up to its ceiling (Concurrent Requests), and
 * halves on an HTTP 429 or when {@code x-ratelimit-remaining} says fewer requests are left than are in flight. It never
 * allows more requests in flight than the latest {@code x-ratelimit-remaining}, nor fewer than one.
 *
 * <p>Thread-safe: a 429 is reported from the thread that met it, while the run's own thread asks for the limit.
 */
public final class AdaptiveConcurrency {

    private final int floor;
    private final int ceiling;
    private int limit;

    private AdaptiveConcurrency(final int floor, final int ceiling) {
        if (floor < 1 || ceiling < floor) {
            throw new IllegalArgumentException("concurrency must be 1 or more, was " + floor + " to " + ceiling);
        }
        this.floor = floor;
        this.ceiling = ceiling;
        this.limit = floor;
    }

    /** Starts with one request in flight and adapts between one and {@code ceiling}. */
    public static AdaptiveConcurrency upTo(final int ceiling) {
        return new AdaptiveConcurrency(1, ceiling);
    }

    /** Always {@code requests} in flight, whatever the answers: a look-ahead of fixed width. */
    public static AdaptiveConcurrency fixed(final int requests) {
        return new AdaptiveConcurrency(requests, requests);
    }

    /** How many requests may be in flight now. */
    public synchronized int limit() {
        return limit;
    }

    public int ceiling() {
        return ceiling;
    }

    /**
     * A page came back without a rate limit. {@code remaining} is its response's {@code x-ratelimit-remaining}, when sent;
     * {@code inFlight} the requests still out after it, which that count may not include yet.
     */
    public synchronized void onPage(final OptionalLong remaining, final int inFlight) {
        if (remaining.isPresent() && remaining.getAsLong() < inFlight) {
            limit = Math.max(floor, limit / 2);
        } else {
            limit = Math.min(ceiling, limit * 2);
        }
        if (remaining.isPresent() && remaining.getAsLong() < limit) {
            limit = (int) Math.max(floor, remaining.getAsLong());
        }
    }

    /** A request was answered with HTTP 429. */
    public synchronized void onThrottled() {
        limit = Math.max(floor, limit / 2);
    }

    @Override
    public synchronized String toString() {
        return "AdaptiveConcurrency[limit=" + limit + ", " + floor + " to " + ceiling + "]";
    }
}
