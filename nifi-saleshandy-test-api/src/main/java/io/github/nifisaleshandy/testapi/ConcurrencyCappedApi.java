package io.github.nifisaleshandy.testapi;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A gateway in front of another dispatcher that refuses requests past {@code cap} in flight at once, as API gateways
 * do: HTTP 429 at once, with {@code Retry-After} or without it, and no rate-limit headers. A request it lets through is
 * held for {@code latency}, so that requests overlap as they would across the internet.
 */
public final class ConcurrencyCappedApi extends Dispatcher {

    private final Dispatcher api;
    private final int cap;
    private final String retryAfter;
    private final Duration latency;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();

    /** {@code retryAfter} is the header's value, or null to send none. */
    public ConcurrencyCappedApi(final Dispatcher api, final int cap, final String retryAfter, final Duration latency) {
        this.api = api;
        this.cap = cap;
        this.retryAfter = retryAfter;
        this.latency = latency;
    }

    @Override
    public MockResponse dispatch(final RecordedRequest request) throws InterruptedException {
        try {
            if (inFlight.incrementAndGet() > cap) {
                refused.incrementAndGet();
                final MockResponse.Builder tooMany = FakeSaleshandyApi.json(429, "{\"message\":\"Too many concurrent requests\"}");
                return (retryAfter == null ? tooMany : tooMany.setHeader("Retry-After", retryAfter)).build();
            }
            served.incrementAndGet();
            Thread.sleep(latency.toMillis());
            return api.dispatch(request);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The requests answered with HTTP 429. */
    public int refused() {
        return refused.get();
    }

    /** The requests let through. */
    public int served() {
        return served.get();
    }

    public void reset() {
        refused.set(0);
        served.set(0);
    }
}
