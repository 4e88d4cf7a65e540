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

    /** No response has said how many requests are left. */
    private static final long UNKNOWN = Long.MAX_VALUE;

    private final int floor;
    private final int ceiling;
    private int limit;
    /** Requests the server still allows: the latest response's remaining, less the requests sent but not answered since. */
    private long allowance = UNKNOWN;
    private int outstanding;

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

    /**
     * Whether one more request may be sent while {@code inFlight} are out: within the limit, and within what the latest
     * response to arrive said is left. With none in flight one is always allowed, so that the run learns when the window
     * has reset (the rate-limit gate holds that request until then).
     */
    public synchronized boolean mayRequest(final int inFlight) {
        return inFlight < limit && (inFlight == 0 || allowance > 0);
    }

    /** A request was sent. */
    public synchronized void requested() {
        outstanding++;
        if (allowance != UNKNOWN) {
            allowance--;
        }
    }

    /**
     * A response arrived, called in the order responses arrive rather than page order: a later page's answer may be the
     * newer word on what is left. Requests still unanswered may not have been counted by the server yet, so they are
     * taken off what it says is left.
     */
    public synchronized void answered(final OptionalLong remaining) {
        outstanding = Math.max(0, outstanding - 1);
        if (remaining.isPresent()) {
            allowance = remaining.getAsLong() - outstanding;
        }
    }

    /** A new date window starts: requests of the last one were answered or cancelled, some of the latter before they ran. */
    public synchronized void windowStarted() {
        outstanding = 0;
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
