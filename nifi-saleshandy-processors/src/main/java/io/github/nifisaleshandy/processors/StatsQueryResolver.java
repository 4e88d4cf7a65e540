package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.processors.SaleshandyValidators.InvalidValueException;
import io.github.nifisaleshandy.service.DateWindow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.context.PropertyContext;

/**
 * Turns a stats processor's properties, evaluated against a FlowFile's attributes, and the stored Incremental state into
 * a {@link Query} that obeys the API's date rules (a start at most 2 years back, an end not before it; a range longer than
 * 1 year is {@link #split} into windows), or explains which property breaks which rule.
 *
 * <p>Incremental mode keeps, in cluster state, the last day a successful run covered ({@value #LAST_END_DATE_KEY}) and a
 * fingerprint of the properties that define the query ({@value #QUERY_FINGERPRINT_KEY}), so that changing them starts again
 * from Initial Start Date.
 */
final class StatsQueryResolver {

    static final String LAST_END_DATE_KEY = "last.end.date";
    static final String QUERY_FINGERPRINT_KEY = "query.fingerprint";
    /**
     * What the fingerprint takes for every sequence instead of IDs: a sequence created later must not restart the position.
     * Its space keeps it apart from any list of IDs, which never holds whitespace.
     */
    static final String EVERY_SEQUENCE = "all sequences";
    /** The endpoint path the client's stats URL ends with; what precedes it is the Base URL as a user writes it. */
    private static final String STATS_PATH = "/v1/analytics/consolidated-stats";
    private static final int MAX_AGE_YEARS = 2;
    private static final int MAX_SPAN_YEARS = 1;
    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    /** A checked query: no sequence IDs means every (active) sequence; the state to commit on success (Incremental only). */
    record Query(List<String> sequenceIds, boolean activeOnly, List<DateWindow> windows, int pageSize, Map<String, String> stateOnSuccess,
                 List<String> warnings) {

        Query {
            sequenceIds = List.copyOf(sequenceIds);
            windows = List.copyOf(windows);
            warnings = List.copyOf(warnings);
        }

        boolean everySequence() {
            return sequenceIds.isEmpty();
        }
    }

    private StatsQueryResolver() {
    }

    /** {@code sequenceIdsProperty} is optional for GetSaleshandyStats (empty: every sequence), required for FetchSaleshandyStats. */
    static Query resolve(final PropertyContext context, final PropertyDescriptor sequenceIdsProperty, final Map<String, String> attributes,
                         final LocalDate today, final Map<String, String> storedState, final String statsUrl) throws InvalidValueException {
        final String idsText = evaluate(context, sequenceIdsProperty, attributes);
        final boolean everySequence = !sequenceIdsProperty.isRequired() && (idsText == null || idsText.isBlank());
        final List<String> ids = everySequence ? List.of() : SaleshandyValidators.sequenceIds(idsText);
        final boolean activeOnly = everySequence && context.getProperty(SaleshandyProperties.GET_ACTIVE_ONLY).asBoolean();
        final int pageSize = context.getProperty(SaleshandyProperties.PAGE_SIZE).asInteger();
        final DateRangeMode mode = context.getProperty(SaleshandyProperties.DATE_RANGE).asAllowableValue(DateRangeMode.class);
        final List<String> warnings = new ArrayList<>();
        return switch (mode) {
            case FIXED -> {
                final DateWindow range = fixedRange(context, attributes, today);
                yield new Query(ids, activeOnly, split(range.start(), range.end()), pageSize, Map.of(), warnings);
            }
            case ROLLING_WINDOW -> {
                final int days = SaleshandyValidators.days(context.getProperty(SaleshandyProperties.WINDOW_LENGTH).getValue());
                final LocalDate start = clamp(today.minusDays(days - 1L), today, mode, warnings);
                yield new Query(ids, activeOnly, split(start, today), pageSize, Map.of(), warnings);
            }
            case INCREMENTAL -> {
                final LocalDate initialStart = parseDate(SaleshandyProperties.INITIAL_START_DATE.getName(),
                        context.getProperty(SaleshandyProperties.INITIAL_START_DATE).evaluateAttributeExpressions().getValue());
                final String fingerprint = fingerprint(baseUrl(statsUrl), everySequence ? List.of(EVERY_SEQUENCE) : ids, initialStart);
                final int overlapDays = SaleshandyValidators.days(context.getProperty(SaleshandyProperties.OVERLAP).getValue());
                final LocalDate resumed = lastEndDate(storedState, fingerprint).map(lastEnd -> lastEnd.minusDays(overlapDays)).orElse(initialStart);
                final LocalDate start = clamp(resumed.isAfter(today) ? today : resumed, today, mode, warnings);
                final Map<String, String> state = Map.of(LAST_END_DATE_KEY, today.toString(), QUERY_FINGERPRINT_KEY, fingerprint);
                yield new Query(ids, activeOnly, split(start, today), pageSize, state, warnings);
            }
        };
    }

    /** Fixed mode: both dates as given; a start the API cannot serve is an error here, not a silent clamp. */
    private static DateWindow fixedRange(final PropertyContext context, final Map<String, String> attributes, final LocalDate today)
            throws InvalidValueException {
        final LocalDate start = parseDate(SaleshandyProperties.START_DATE.getName(), evaluate(context, SaleshandyProperties.START_DATE, attributes));
        final LocalDate end = endDate(evaluate(context, SaleshandyProperties.END_DATE, attributes), today);
        final Map<PropertyDescriptor, String> problems = fixedRangeProblems(start, end, today);
        if (!problems.isEmpty()) {
            throw new InvalidValueException(String.join("; ", problems.values()));
        }
        return new DateWindow(start, end);
    }

    static LocalDate endDate(final String text, final LocalDate today) throws InvalidValueException {
        return text == null || text.isBlank() ? today : parseDate(SaleshandyProperties.END_DATE.getName(), text);
    }

    /** The rules a Fixed range breaks, by the property that breaks them; a span longer than the API serves is split, not refused. */
    static Map<PropertyDescriptor, String> fixedRangeProblems(final LocalDate start, final LocalDate end, final LocalDate today) {
        final Map<PropertyDescriptor, String> problems = new LinkedHashMap<>();
        final String startName = SaleshandyProperties.START_DATE.getName();
        if (start.isBefore(today.minusYears(MAX_AGE_YEARS))) {
            problems.put(SaleshandyProperties.START_DATE, startName + " " + start + " is more than " + MAX_AGE_YEARS + " years before today ("
                    + today + "): Saleshandy serves " + MAX_AGE_YEARS + " years of statistics, so use " + today.minusYears(MAX_AGE_YEARS) + " or later");
        }
        if (end.isBefore(start)) {
            problems.put(SaleshandyProperties.END_DATE, SaleshandyProperties.END_DATE.getName() + " " + end + " is before " + startName + " " + start);
        }
        return problems;
    }

    static LocalDate parseDate(final String property, final String value) throws InvalidValueException {
        final String text = value == null ? "" : value.strip();
        try {
            return LocalDate.parse(text, ISO_DATE);
        } catch (final DateTimeParseException e) {
            throw new InvalidValueException(property + " '" + text + "' is not a valid date in YYYY-MM-DD form");
        }
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

    /** The last end date stored for this very query, if any; state left by a differently configured query is ignored. */
    private static Optional<LocalDate> lastEndDate(final Map<String, String> stored, final String fingerprint) {
        final String lastEnd = stored.get(LAST_END_DATE_KEY);
        if (lastEnd == null || !fingerprint.equals(stored.get(QUERY_FINGERPRINT_KEY))) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(lastEnd));
        } catch (final DateTimeParseException corrupt) {
            return Optional.empty();
        }
    }

    /**
     * A stable digest of what an Incremental query fetches: Base URL, the configured IDs (or {@link #EVERY_SEQUENCE}) and
     * Initial Start Date. Unchanged from the versions before the connection service, so that stored positions stay valid.
     */
    static String fingerprint(final String baseUrl, final List<String> fingerprintIds, final LocalDate initialStart) {
        final String identity = String.join("\n", baseUrl, DateRangeMode.INCREMENTAL.name(), String.join(",", fingerprintIds), initialStart.toString());
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The Base URL as the user wrote it, without a trailing slash: the client's stats URL less the endpoint's path. */
    static String baseUrl(final String statsUrl) {
        final String url = statsUrl.endsWith(STATS_PATH) ? statsUrl.substring(0, statsUrl.length() - STATS_PATH.length()) : statsUrl;
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Rolling Window and Incremental move the start up to the oldest day the API serves, and say so. */
    private static LocalDate clamp(final LocalDate start, final LocalDate today, final DateRangeMode mode, final List<String> warnings) {
        final LocalDate oldest = today.minusYears(MAX_AGE_YEARS);
        if (!start.isBefore(oldest)) {
            return start;
        }
        warnings.add(mode.getDisplayName() + " mode: start " + start + " is more than " + MAX_AGE_YEARS
                + " years before today (" + today + "), which Saleshandy does not serve; fetching from " + oldest + " instead");
        return oldest;
    }

    private static String evaluate(final PropertyContext context, final PropertyDescriptor property, final Map<String, String> attributes) {
        return context.getProperty(property).evaluateAttributeExpressions(attributes).getValue();
    }
}
