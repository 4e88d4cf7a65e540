package io.github.nifisaleshandy.client;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import okhttp3.Headers;

/** The x-ratelimit-* headers of one response; a numeric reset is seconds from now below 10^9, epoch seconds below 10^12, else epoch millis. */
public record RateLimitHeaders(OptionalLong limit, OptionalLong remaining, Optional<Instant> resetAt, Instant receivedAt) {

    public static final String LIMIT_HEADER = "x-ratelimit-limit";
    public static final String REMAINING_HEADER = "x-ratelimit-remaining";
    public static final String RESET_HEADER = "x-ratelimit-reset";

    public static final RateLimitHeaders NONE = new RateLimitHeaders(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Instant.EPOCH);

    private static final long SMALLEST_EPOCH_SECONDS = 1_000_000_000L;
    private static final long SMALLEST_EPOCH_MILLIS = 1_000_000_000_000L;
    private static final List<DateTimeFormatter> RESET_DATE_FORMS = List.of(DateTimeFormatter.RFC_1123_DATE_TIME, DateTimeFormatter.ISO_OFFSET_DATE_TIME);

    public static RateLimitHeaders from(final Headers headers, final Clock clock) {
        final Instant now = clock.instant();
        return new RateLimitHeaders(number(headers.get(LIMIT_HEADER)), number(headers.get(REMAINING_HEADER)),
                resetInstant(headers.get(RESET_HEADER), now), now);
    }

    /** When the reset lies ahead. */
    public Optional<Duration> untilReset() {
        return resetAt.map(reset -> Duration.between(receivedAt, reset)).filter(wait -> !wait.isNegative() && !wait.isZero());
    }

    private static OptionalLong number(final String value) {
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (final NumberFormatException unreadable) {
            return OptionalLong.empty();
        }
    }

    private static Optional<Instant> resetInstant(final String value, final Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        final String text = value.trim();
        if (text.chars().allMatch(Character::isDigit)) {
            final OptionalLong number = number(text);
            return number.isPresent() ? Optional.of(fromNumber(number.getAsLong(), now)) : Optional.empty();
        }
        for (final DateTimeFormatter form : RESET_DATE_FORMS) {
            try {
                return Optional.of(form.parse(text, Instant::from));
            } catch (final DateTimeException notThisForm) {
                // A value in none of the forms is ignored.
            }
        }
        return Optional.empty();
    }

    private static Instant fromNumber(final long number, final Instant now) {
        if (number < SMALLEST_EPOCH_SECONDS) {
            return now.plusSeconds(number);
        }
        return number < SMALLEST_EPOCH_MILLIS ? Instant.ofEpochSecond(number) : Instant.ofEpochMilli(number);
    }
}
