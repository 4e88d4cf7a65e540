package io.github.nifisaleshandy.client;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import okhttp3.Headers;

/**
 * The x-ratelimit-* headers of one response, with its {@code Date}; a numeric reset is seconds to wait below 10^9, epoch
 * seconds below 10^12, else epoch millis. A reset instant is on Saleshandy's clock, so the wait is measured from {@code Date}
 * (whole seconds: a host clock reading within that second is trusted for its finer reading); without it from this host's clock.
 */
public record RateLimitHeaders(OptionalLong limit, OptionalLong remaining, Optional<Instant> resetAt, Instant receivedAt,
                               Optional<Instant> serverDate, String sent) {

    public static final String LIMIT_HEADER = "x-ratelimit-limit";
    public static final String REMAINING_HEADER = "x-ratelimit-remaining";
    public static final String RESET_HEADER = "x-ratelimit-reset";
    public static final String RETRY_AFTER_HEADER = "Retry-After";
    /** Beyond a second of Date's truncation and a slow answer. */
    public static final Duration NOTABLE_CLOCK_DIFFERENCE = Duration.ofSeconds(5);

    public static final RateLimitHeaders NONE = new RateLimitHeaders(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Instant.EPOCH,
            Optional.empty(), "");

    private static final long SMALLEST_EPOCH_SECONDS = 1_000_000_000L;
    private static final long SMALLEST_EPOCH_MILLIS = 1_000_000_000_000L;
    private static final List<DateTimeFormatter> RESET_DATE_FORMS = List.of(DateTimeFormatter.RFC_1123_DATE_TIME, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    private static final List<String> SENT_HEADERS = List.of(RETRY_AFTER_HEADER, REMAINING_HEADER, RESET_HEADER, "Date");
    private static final long[] UNITS = {365 * 86_400, 86_400, 3_600, 60, 1};
    private static final String[] UNIT_NAMES = {"year", "day", "hour", "minute", "second"};

    public static RateLimitHeaders from(final Headers headers, final Clock clock) {
        final Instant receivedAt = clock.instant();
        final Optional<Instant> serverDate = httpDate(headers.get("Date"));
        // Only values that read as a number or a date are quoted, so that nothing else a server echoes (a key) reaches a message.
        final String sent = String.join(", ", SENT_HEADERS.stream().filter(name -> headers.get(name) != null)
                .filter(name -> instant(headers.get(name), Instant.EPOCH).isPresent()).map(name -> name + ": " + headers.get(name).strip()).toList());
        return new RateLimitHeaders(number(headers.get(LIMIT_HEADER)), number(headers.get(REMAINING_HEADER)),
                instant(headers.get(RESET_HEADER), serverNow(receivedAt, serverDate)), receivedAt, serverDate, sent);
    }

    /** From the response to the reset on Saleshandy's clock, when the reset lies ahead. */
    public Optional<Duration> untilReset() {
        return resetAt.map(reset -> Duration.between(serverNow(receivedAt, serverDate), reset)).filter(wait -> !wait.isNegative() && !wait.isZero());
    }

    /** Saleshandy's clock when the response arrived, for the other times it sends (a Retry-After date). */
    public Clock serverClock() {
        return Clock.fixed(serverNow(receivedAt, serverDate), ZoneOffset.UTC);
    }

    /** How far this host's clock is ahead of Saleshandy's Date (negative: behind), to the nearest half second. */
    public Optional<Duration> hostClockAhead() {
        return serverDate.map(date -> Duration.between(date.plusMillis(500), receivedAt));
    }

    /** "this host's clock is 5 minutes behind Saleshandy's", when off by more than {@link #NOTABLE_CLOCK_DIFFERENCE}. */
    public Optional<String> clockDifference() {
        return hostClockAhead().filter(ahead -> ahead.abs().compareTo(NOTABLE_CLOCK_DIFFERENCE) > 0)
                .map(ahead -> "this host's clock is " + roughly(ahead) + (ahead.isNegative() ? " behind" : " ahead of") + " Saleshandy's");
    }

    private static Instant serverNow(final Instant receivedAt, final Optional<Instant> serverDate) {
        return serverDate.filter(date -> receivedAt.isBefore(date) || !receivedAt.isBefore(date.plusSeconds(1))).orElse(receivedAt);
    }

    /** "1 hour" for 59 minutes 59 seconds: to the nearest of the largest unit it comes within a sixtieth of, as Date has whole seconds. */
    private static String roughly(final Duration difference) {
        final long seconds = Math.round(difference.abs().toMillis() / 1000.0);
        int unit = 0;
        while (UNITS[unit] > 1 && seconds < UNITS[unit] - UNITS[unit] / 60) {
            unit++;
        }
        final long count = Math.round((double) seconds / UNITS[unit]);
        return count + " " + UNIT_NAMES[unit] + (count == 1 ? "" : "s");
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

    static Optional<Instant> httpDate(final String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim(), Instant::from));
        } catch (final DateTimeException unreadable) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(final String value, final Instant serverNow) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        final String text = value.trim();
        if (text.chars().allMatch(Character::isDigit)) {
            final OptionalLong number = number(text);
            return number.isPresent() ? Optional.of(fromNumber(number.getAsLong(), serverNow)) : Optional.empty();
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

    private static Instant fromNumber(final long number, final Instant serverNow) {
        if (number < SMALLEST_EPOCH_SECONDS) {
            return serverNow.plusSeconds(number);
        }
        return number < SMALLEST_EPOCH_MILLIS ? Instant.ofEpochSecond(number) : Instant.ofEpochMilli(number);
    }
}
