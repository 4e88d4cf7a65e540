package io.github.nifisaleshandy.processors;

import static io.github.nifisaleshandy.processors.ServiceTestKit.KEY;
import static io.github.nifisaleshandy.processors.ServiceTestKit.drain;
import static io.github.nifisaleshandy.processors.ServiceTestKit.query;
import static io.github.nifisaleshandy.processors.ServiceTestKit.recipients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.NumberedPages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 22: a Saleshandy that allows 3 requests per 2-second window of its own clock, answers 429 past it without
 * Retry-After, and sends remaining and reset (epoch seconds) with Date, queried from a host whose clock is off. The skew is
 * only in the clocks handed to the service and the fake; time is {@link VirtualTime}, so a run's duration is what its waits
 * add up to, measured without waiting.
 */
class ClockSkewTest {

    /** Not on a whole second, so that the Date header's truncation costs what it would in life. */
    private static final Instant START = Instant.parse("2026-11-26T10:00:00.400Z");
    private static final NumberedPages DATA = new NumberedPages(20, 10, 10);
    private static final double MOST_TIME_RATIO = 1.2;

    /** What one run gave: every recipient, the 429s met and the time its waits took. */
    private record Outcome(List<String> recipients, long rateLimited, Duration elapsed) {
        @Override
        public String toString() {
            return recipients.size() + " records, " + rateLimited + " 429s, " + elapsed.toMillis() / 1000.0 + " s";
        }
    }

    /** Measured: a right clock 11.85 s, each skew 12.5 s (Date's truncation), no 429. Read on this host's clock, behind failed and ahead met 429s. */
    @ParameterizedTest(name = "this host''s clock {0} ahead of Saleshandy''s")
    @ValueSource(strings = {"PT5M", "-PT5M", "PT1H", "-PT1H"})
    void aHostClockOffFromSaleshandysGetsEveryRecordOnceWithNoMore429sInAboutTheSameTime(final Duration hostAhead) throws Exception {
        final Outcome right = run(Duration.ZERO, 1);
        final Outcome skewed = run(hostAhead, 1);

        assertEquals(DATA.recipients(), right.recipients());
        assertEquals(DATA.recipients(), skewed.recipients(), "every record exactly once");
        assertTrue(skewed.rateLimited() <= right.rateLimited(), skewed + " against a right clock's " + right);
        assertTrue(skewed.elapsed().toNanos() <= right.elapsed().toNanos() * MOST_TIME_RATIO, skewed + " against a right clock's " + right);
    }

    /** The time is not compared: with 8 in flight a run's virtual time depends on how threads interleave (13.85 to 24 s on a right clock). */
    @ParameterizedTest(name = "this host''s clock {0} ahead of Saleshandy''s")
    @ValueSource(strings = {"PT5M", "-PT5M", "PT1H", "-PT1H"})
    void withEightInFlightAHostClockOffGetsEveryRecordOnceWithout429s(final Duration hostAhead) throws Exception {
        final Outcome skewed = run(hostAhead, 8);

        assertEquals(DATA.recipients(), skewed.recipients(), "every record exactly once");
        assertEquals(0, skewed.rateLimited(), skewed.toString());
    }

    private Outcome run(final Duration hostAhead, final int inFlight) throws Exception {
        final VirtualTime time = new VirtualTime(START);
        try (ServiceTestKit kit = new ServiceTestKit(FakeSaleshandyApi.serving(DATA).withRateLimit(3, Duration.ofSeconds(2), time.clock(Duration.ZERO)))) {
            final StandardSaleshandyConnectionService host = kit.add("skewed", KEY, Map.of(), time.clock(hostAhead), time);
            try (SaleshandyClient client = kit.connect(host, inFlight)) {
                final List<String> recipients = recipients(drain(client.stats(query(List.of(ServiceTestKit.WINDOW)))));
                return new Outcome(recipients, kit.api.arrivals().stream().filter(arrival -> !arrival.allowed()).count(), time.elapsed());
            }
        }
    }

    /**
     * Time that passes only when someone waits: a wait returns at once and moves time on to its end, unless another wait
     * already moved it further (waits on several threads overlap, as real ones do). A wait is measured from the time its
     * thread last read, since that is what it was computed from. Clocks read with an offset stand for hosts whose clocks disagree.
     */
    static final class VirtualTime implements Sleeper {

        private final Instant start;
        private final AtomicLong nanos = new AtomicLong();
        private final ThreadLocal<Long> lastRead = new ThreadLocal<>();

        VirtualTime(final Instant start) {
            this.start = start;
        }

        @Override
        public void sleep(final Duration duration) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            final Long readAt = lastRead.get();
            lastRead.remove();
            nanos.accumulateAndGet((readAt == null ? nanos.get() : readAt) + duration.toNanos(), Math::max);
        }

        @Override
        public long nanoTime() {
            final long now = nanos.get();
            lastRead.set(now);
            return now;
        }

        Duration elapsed() {
            return Duration.ofNanos(nanos.get());
        }

        /** A UTC clock reading this time plus {@code offset}: a host whose clock is that far ahead (negative: behind). */
        Clock clock(final Duration offset) {
            return ServiceTestKit.utcClock(() -> start.plus(offset).plusNanos(nanos.get()));
        }
    }
}
