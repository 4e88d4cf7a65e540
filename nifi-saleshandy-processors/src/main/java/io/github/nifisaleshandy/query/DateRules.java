package io.github.nifisaleshandy.query;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The API's date rules: {@code YYYY-MM-DD} dates, a start no older than 2 years before today, an end not before the
 * start and at most 1 year after it (longer ranges are split by {@link DateWindows}).
 */
public final class DateRules {

    public static final int MAX_AGE_YEARS = 2;
    public static final int MAX_SPAN_YEARS = 1;

    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private DateRules() {
    }

    public static LocalDate parse(final String property, final String value) throws InvalidQueryException {
        final String text = value == null ? "" : value.strip();
        try {
            return LocalDate.parse(text, ISO_DATE);
        } catch (final DateTimeParseException e) {
            throw new InvalidQueryException(property + " '" + text + "' is not a valid date in YYYY-MM-DD form");
        }
    }

    /** The oldest start date the API accepts today. */
    public static LocalDate oldestStart(final LocalDate today) {
        return today.minusYears(MAX_AGE_YEARS);
    }

    /** The latest end date the API accepts for one request starting on {@code start}. */
    public static LocalDate latestEnd(final LocalDate start) {
        return start.plusYears(MAX_SPAN_YEARS);
    }

    public static boolean isTooOld(final LocalDate start, final LocalDate today) {
        return start.isBefore(oldestStart(today));
    }

    public static String tooOldMessage(final String property, final LocalDate start, final LocalDate today) {
        return property + " " + start + " is more than " + MAX_AGE_YEARS + " years before today (" + today
                + "): Saleshandy serves " + MAX_AGE_YEARS + " years of statistics, so use " + oldestStart(today) + " or later";
    }

    /** The rule a start date breaks, if any. */
    public static Optional<String> startProblem(final String startProperty, final LocalDate start, final LocalDate today) {
        return isTooOld(start, today) ? Optional.of(tooOldMessage(startProperty, start, today)) : Optional.empty();
    }

    /** The rule an end date breaks in relation to its start date, if any. Longer spans than the API serves are split, not refused. */
    public static Optional<String> endProblem(final String startProperty, final LocalDate start, final String endProperty, final LocalDate end) {
        if (end.isBefore(start)) {
            return Optional.of(endProperty + " " + end + " is before " + startProperty + " " + start);
        }
        return Optional.empty();
    }

    /** Every rule that a start/end pair breaks, each as a message naming the property; empty when the range is valid. */
    public static List<String> problems(final String startProperty, final LocalDate start, final String endProperty, final LocalDate end,
                                        final LocalDate today) {
        final List<String> problems = new ArrayList<>();
        startProblem(startProperty, start, today).ifPresent(problems::add);
        endProblem(startProperty, start, endProperty, end).ifPresent(problems::add);
        return problems;
    }
}
