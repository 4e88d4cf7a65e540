package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void readsSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), Retrier.retryAfter(" 7 ", clock));
        assertEquals(Optional.of(Duration.ZERO), Retrier.retryAfter("0", clock));
    }

    @Test
    void readsAnHttpDateAsTheTimeUntilThen() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), Retrier.retryAfter("Thu, 26 Nov 2026 10:01:30 GMT", clock));
    }

    @Test
    void aDateInThePastMeansRetryNow() {
        assertEquals(Optional.of(Duration.ZERO), Retrier.retryAfter("Thu, 26 Nov 2026 09:00:00 GMT", clock));
    }

    @Test
    void ignoresMissingOrUnreadableValues() {
        assertEquals(Optional.empty(), Retrier.retryAfter(null, clock));
        assertEquals(Optional.empty(), Retrier.retryAfter("", clock));
        assertEquals(Optional.empty(), Retrier.retryAfter("soon", clock));
        assertEquals(Optional.empty(), Retrier.retryAfter("-5", clock));
    }
}
