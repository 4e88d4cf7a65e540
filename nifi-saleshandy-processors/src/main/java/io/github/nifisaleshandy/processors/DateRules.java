package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.processors.SaleshandyValidators.InvalidValueException;
import io.github.nifisaleshandy.service.DateWindow;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The API's date rules: {@code YYYY-MM-DD} dates, a start no older than 2 years before today, an end not before the
 * start and at most 1 year after it; a longer range is {@link #split} into consecutive windows that each obey it.
 */
final class DateRules {

    static final int MAX_AGE_YEARS = 2;
    static final int MAX_SPAN_YEARS = 1;

    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private DateRules() {
    }

    static LocalDate parse(final String property, final String value) throws InvalidValueException {
        final String text = value == null ? "" : value.strip();
        try {
            return LocalDate.parse(text, ISO_DATE);
        } catch (final DateTimeParseException e) {
            throw new InvalidValueException(property + " '" + text + "' is not a valid date in YYYY-MM-DD form");
        }
    }

    /** The oldest start date the API accepts today. */
    static LocalDate oldestStart(final LocalDate today) {
        return today.minusYears(MAX_AGE_YEARS);
    }

    static boolean isTooOld(final LocalDate start, final LocalDate today) {
        return start.isBefore(oldestStart(today));
    }

    /** The rule a start date breaks, if any. */
    static Optional<String> startProblem(final String startProperty, final LocalDate start, final LocalDate today) {
        if (!isTooOld(start, today)) {
            return Optional.empty();
        }
        return Optional.of(startProperty + " " + start + " is more than " + MAX_AGE_YEARS + " years before today (" + today
                + "): Saleshandy serves " + MAX_AGE_YEARS + " years of statistics, so use " + oldestStart(today) + " or later");
    }

    /** The rule an end date breaks in relation to its start date, if any. Longer spans than the API serves are split, not refused. */
    static Optional<String> endProblem(final String startProperty, final LocalDate start, final String endProperty, final LocalDate end) {
        return end.isBefore(start) ? Optional.of(endProperty + " " + end + " is before " + startProperty + " " + start) : Optional.empty();
    }

    /** Every rule that a start/end pair breaks, each as a message naming the property; empty when the range is valid. */
    static List<String> problems(final String startProperty, final LocalDate start, final String endProperty, final LocalDate end, final LocalDate today) {
        final List<String> problems = new ArrayList<>();
        startProblem(startProperty, start, today).ifPresent(problems::add);
        endProblem(startProperty, start, endProperty, end).ifPresent(problems::add);
        return problems;
    }

    /** {@code start} to {@code end} as consecutive windows of at most the API's span, with no gap and no overlap. */
    static List<DateWindow> split(final LocalDate start, final LocalDate end) {
        final List<DateWindow> windows = new ArrayList<>();
        LocalDate from = start;
        while (end.isAfter(from.plusYears(MAX_SPAN_YEARS))) {
            final LocalDate to = from.plusYears(MAX_SPAN_YEARS);
            windows.add(new DateWindow(from, to));
            from = to.plusDays(1);
        }
        windows.add(new DateWindow(from, end));
        return windows;
    }
}
