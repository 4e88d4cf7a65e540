package io.github.nifisaleshandy.processors;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.util.FormatUtils;

/**
 * The processors' own rules for property values, each used by a validator on a literal value and by a run on what Expression
 * Language gave. No message quotes a character that broke a rule unless it is whitespace or a control character.
 */
final class SaleshandyValidators {

    /** A property value that breaks one of the API's rules; the message names the property and the rule. */
    static final class InvalidValueException extends Exception {
        InvalidValueException(final String message) {
            super(message);
        }
    }

    @FunctionalInterface
    private interface Rule {
        void check(String property, String value) throws InvalidValueException;
    }

    static final String SEQUENCE_IDS_NAME = "Sequence IDs";

    private static final Pattern SEPARATOR = Pattern.compile("\\s*,\\s*|\\s+");
    /** The control characters that {@code \s} matches: they separate the entries of a list of IDs. */
    private static final String SEPARATING_CONTROLS = "\t\n\u000b\f\r";
    private static final long DAY_MILLIS = TimeUnit.DAYS.toMillis(1);

    static final Validator SEQUENCE_IDS = literal((property, value) -> sequenceIds(value));
    /** Empty, or IDs by the same rule: GetSaleshandyStats' Sequence IDs, where empty means every sequence. */
    static final Validator SEQUENCE_IDS_OR_EMPTY = literal((property, value) -> {
        if (!value.isBlank()) {
            sequenceIds(value);
        }
    });
    static final Validator ISO_DATE = literal(StatsQueryResolver::parseDate);

    /** Client IDs after Environment Expression Language: names an empty entry such as in {@code a,,b}, or a control character. */
    static final Validator CLIENT_IDS = (subject, input, context) ->
            check(subject, input, (property, value) -> clientIds(context.newPropertyValue(value).evaluateAttributeExpressions().getValue()));

    /** A value sent in a URL, such as the Sequence Name Filter, where a tab or a line break is always a paste mistake. */
    static final Validator NO_CONTROL_CHARACTERS = (subject, input, context) -> {
        final String value = context.newPropertyValue(input).evaluateAttributeExpressions().getValue();
        final Optional<String> problem = controlCharacterProblem(subject, value, false);
        return new ValidationResult.Builder().subject(subject).input(problem.isEmpty() ? value : null).valid(problem.isEmpty())
                .explanation(problem.orElse(null)).build();
    };

    static final Validator TIME_ZONE = (subject, input, context) -> check(subject, input, (property, value) -> {
        if (!isTimeZone(value)) {
            throw new InvalidValueException(property + " '" + value + "' is not a time zone ID such as UTC, Europe/Berlin or +05:30");
        }
    });

    private SaleshandyValidators() {
    }

    /** A time period that is a whole number of days, at least {@code minDays}: the API works in calendar days. */
    static Validator wholeDays(final int minDays) {
        return (subject, input, context) -> check(subject, input, (property, value) -> {
            final long millis;
            try {
                millis = Math.round(FormatUtils.getPreciseTimeDuration(value, TimeUnit.MILLISECONDS));
            } catch (final IllegalArgumentException e) {
                throw new InvalidValueException(property + " must be a time period such as '7 days'");
            }
            if (millis % DAY_MILLIS != 0 || millis / DAY_MILLIS < minDays) {
                throw new InvalidValueException(property + " must be a whole number of days, at least " + minDays + ", such as '7 days'");
            }
        });
    }

    static int days(final String period) {
        return (int) (Math.round(FormatUtils.getPreciseTimeDuration(period, TimeUnit.MILLISECONDS)) / DAY_MILLIS);
    }

    static boolean isTimeZone(final String input) {
        try {
            ZoneId.of(input.strip());
            return true;
        } catch (final DateTimeException | NullPointerException e) {
            return false;
        }
    }

    /** Sequence IDs separated by commas and/or whitespace, duplicates dropped, order kept; at least one. */
    static List<String> sequenceIds(final String value) throws InvalidValueException {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(SEQUENCE_IDS_NAME + " must name at least one sequence ID");
        }
        return ids(SEQUENCE_IDS_NAME, value);
    }

    static List<String> clientIds(final String value) throws InvalidValueException {
        return value == null || value.isBlank() ? List.of() : ids(SaleshandyProperties.CLIENT_IDS.getName(), value);
    }

    private static List<String> ids(final String property, final String value) throws InvalidValueException {
        final Optional<String> uncarriable = controlCharacterProblem(property, value, true);
        if (uncarriable.isPresent()) {
            throw new InvalidValueException(uncarriable.get());
        }
        final String[] entries = SEPARATOR.split(value.strip(), -1);
        final LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].isEmpty()) {
                throw new InvalidValueException(property + " has an empty entry (entry " + (i + 1) + "): separate IDs with a single comma or whitespace");
            }
            unique.add(entries[i]);
        }
        return new ArrayList<>(unique);
    }

    /** Why {@code value} cannot go into a URL or a body: a control character (tabs and line breaks allowed if {@code whitespaceSeparates}). */
    static Optional<String> controlCharacterProblem(final String property, final String value, final boolean whitespaceSeparates) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (Character.isISOControl(c) && !(whitespaceSeparates && SEPARATING_CONTROLS.indexOf(c) >= 0)) {
                return Optional.of(property + " must not contain control characters: found " + kind(c) + " at position "
                        + (value.codePointCount(0, i) + 1));
            }
        }
        return Optional.empty();
    }

    /** The rules of literal Fixed dates that need both dates and today; Expression Language is checked when a run resolves it. */
    static List<ValidationResult> fixedDates(final ValidationContext context, final LocalDate today) {
        final String startText = context.getProperty(SaleshandyProperties.START_DATE).getValue();
        final String endText = context.getProperty(SaleshandyProperties.END_DATE).getValue();
        if (context.getProperty(SaleshandyProperties.DATE_RANGE).asAllowableValue(DateRangeMode.class) != DateRangeMode.FIXED
                || context.isExpressionLanguagePresent(startText) || context.isExpressionLanguagePresent(endText)) {
            return List.of();
        }
        try {
            final LocalDate start = StatsQueryResolver.parseDate(SaleshandyProperties.START_DATE.getName(), startText);
            return StatsQueryResolver.fixedRangeProblems(start, StatsQueryResolver.endDate(endText, today), today).entrySet().stream()
                    .map(problem -> new ValidationResult.Builder().subject(problem.getKey().getName()).valid(false).explanation(problem.getValue()).build())
                    .toList();
        } catch (final InvalidValueException unparseable) {
            // Each property's own validator already reports the unparseable date.
            return List.of();
        }
    }

    /** A literal value checked by {@code rule}; a value with Expression Language is checked when the processor runs, by the same rule. */
    private static Validator literal(final Rule rule) {
        return (subject, input, context) -> context.isExpressionLanguageSupported(subject) && context.isExpressionLanguagePresent(input)
                ? new ValidationResult.Builder().subject(subject).input(input).valid(true)
                        .explanation("Expression Language is checked when the processor runs").build()
                : check(subject, input, rule);
    }

    private static ValidationResult check(final String subject, final String input, final Rule rule) {
        final ValidationResult.Builder result = new ValidationResult.Builder().subject(subject).input(input);
        try {
            rule.check(subject, input);
            return result.valid(true).build();
        } catch (final InvalidValueException e) {
            return result.valid(false).explanation(e.getMessage()).build();
        }
    }

    /** What kind of character {@code c} is, in words that do not reveal it. */
    private static String kind(final char c) {
        return switch (c) {
            case '\n', '\r' -> "a line break";
            case '\t' -> "a tab";
            case 0 -> "a NUL character";
            case 0x7f -> "a DEL character";
            default -> "a control character";
        };
    }
}
