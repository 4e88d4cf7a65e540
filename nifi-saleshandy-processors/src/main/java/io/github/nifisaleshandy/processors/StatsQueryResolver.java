package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.processors.SaleshandyValidators.InvalidValueException;
import io.github.nifisaleshandy.service.DateWindow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.context.PropertyContext;

/**
 * Turns a stats processor's properties, evaluated against a FlowFile's attributes, and the stored Incremental state into
 * a {@link Query} that obeys every rule of the API, or explains which property breaks which rule.
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

    /**
     * A checked query for one run: the sequence IDs (empty: every sequence of the account, only the active ones when
     * {@code activeOnly}, listed at the run's start), the date windows to fetch in order, the page size, the state to
     * commit when the run succeeds (Incremental mode; else empty) and warnings for the user (a start clamped to the API's limit).
     */
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

    /**
     * {@code sequenceIdsProperty} is the processor's own Sequence IDs: optional for GetSaleshandyStats (empty: every
     * sequence), required for FetchSaleshandyStats. {@code statsUrl} is the client's, for the Incremental fingerprint.
     */
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
                yield new Query(ids, activeOnly, DateRules.split(range.start(), range.end()), pageSize, Map.of(), warnings);
            }
            case ROLLING_WINDOW -> {
                final int days = SaleshandyValidators.days(context.getProperty(SaleshandyProperties.WINDOW_LENGTH).getValue());
                final LocalDate start = clamp(today.minusDays(days - 1L), today, mode, warnings);
                yield new Query(ids, activeOnly, DateRules.split(start, today), pageSize, Map.of(), warnings);
            }
            case INCREMENTAL -> {
                final LocalDate initialStart = DateRules.parse(SaleshandyProperties.INITIAL_START_DATE.getName(),
                        context.getProperty(SaleshandyProperties.INITIAL_START_DATE).evaluateAttributeExpressions().getValue());
                final String fingerprint = fingerprint(baseUrl(statsUrl), everySequence ? List.of(EVERY_SEQUENCE) : ids, initialStart);
                final int overlapDays = SaleshandyValidators.days(context.getProperty(SaleshandyProperties.OVERLAP).getValue());
                LocalDate start = lastEndDate(storedState, fingerprint).map(lastEnd -> lastEnd.minusDays(overlapDays)).orElse(initialStart);
                if (start.isAfter(today)) {
                    start = today;
                }
                start = clamp(start, today, mode, warnings);
                final Map<String, String> state = Map.of(LAST_END_DATE_KEY, today.toString(), QUERY_FINGERPRINT_KEY, fingerprint);
                yield new Query(ids, activeOnly, DateRules.split(start, today), pageSize, state, warnings);
            }
        };
    }

    /** Fixed mode: both dates as given; a start the API cannot serve is an error here, not a silent clamp. */
    private static DateWindow fixedRange(final PropertyContext context, final Map<String, String> attributes, final LocalDate today)
            throws InvalidValueException {
        final String startName = SaleshandyProperties.START_DATE.getName();
        final String endName = SaleshandyProperties.END_DATE.getName();
        final LocalDate start = DateRules.parse(startName, evaluate(context, SaleshandyProperties.START_DATE, attributes));
        final String endText = evaluate(context, SaleshandyProperties.END_DATE, attributes);
        final LocalDate end = endText == null || endText.isBlank() ? today : DateRules.parse(endName, endText);
        final List<String> problems = DateRules.problems(startName, start, endName, end, today);
        if (!problems.isEmpty()) {
            throw new InvalidValueException(String.join("; ", problems));
        }
        return new DateWindow(start, end);
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
        if (!DateRules.isTooOld(start, today)) {
            return start;
        }
        final LocalDate oldest = DateRules.oldestStart(today);
        warnings.add(mode.getDisplayName() + " mode: start " + start + " is more than " + DateRules.MAX_AGE_YEARS
                + " years before today (" + today + "), which Saleshandy does not serve; fetching from " + oldest + " instead");
        return oldest;
    }

    private static String evaluate(final PropertyContext context, final PropertyDescriptor property, final Map<String, String> attributes) {
        return context.getProperty(property).evaluateAttributeExpressions(attributes).getValue();
    }
}
