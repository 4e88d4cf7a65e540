package io.github.nifisaleshandy.client;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header, which is either a number of seconds or an HTTP date (RFC 9110, section 10.2.3).
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    public static Optional<Duration> parse(final String headerValue, final Clock clock) {
        if (headerValue == null || headerValue.isBlank()) {
            return Optional.empty();
        }
        final String value = headerValue.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (final NumberFormatException tooLarge) {
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L));
            }
        }
        try {
            final ZonedDateTime retryAt = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            final Duration untilThen = Duration.between(clock.instant(), retryAt.toInstant());
            return Optional.of(untilThen.isNegative() ? Duration.ZERO : untilThen);
        } catch (final DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }
}
