package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.query.DateRangeMode;
import io.github.nifisaleshandy.query.DateRules;
import io.github.nifisaleshandy.query.DateWindow;
import io.github.nifisaleshandy.query.DateWindows;
import io.github.nifisaleshandy.query.IncrementalState;
import io.github.nifisaleshandy.query.InvalidQueryException;
import io.github.nifisaleshandy.query.SequenceIds;
import io.github.nifisaleshandy.query.SequenceSelection;
import io.github.nifisaleshandy.query.StatsQuery;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.context.PropertyContext;

/**
 * Turns the processor's properties, evaluated against a FlowFile's attributes, and the stored Incremental state into a
 * {@link StatsQuery} that obeys every rule of the API, or explains which property breaks which rule.
 */
final class StatsQueryResolver {

    private StatsQueryResolver() {
    }

    /** {@code sequenceIdsProperty} is the processor's own Sequence IDs: optional for GetSaleshandyStats, required for FetchSaleshandyStats. */
    static StatsQuery resolve(final PropertyContext context, final PropertyDescriptor sequenceIdsProperty, final Map<String, String> attributes,
                              final LocalDate today, final Map<String, String> storedState) throws InvalidQueryException {
        final SequenceSelection sequences = sequences(context, sequenceIdsProperty, attributes);
        final int pageSize = context.getProperty(SaleshandyProperties.PAGE_SIZE).asInteger();
        final DateRangeMode mode = context.getProperty(SaleshandyProperties.DATE_RANGE).asAllowableValue(DateRangeMode.class);
        final List<String> warnings = new ArrayList<>();
        return switch (mode) {
            case FIXED -> new StatsQuery(sequences, DateWindows.split(fixedRange(context, attributes, today)), pageSize, Optional.empty(), warnings);
            case ROLLING_WINDOW -> {
                final int days = WholeDaysValidator.days(context.getProperty(SaleshandyProperties.WINDOW_LENGTH).getValue());
                final LocalDate start = clamp(today.minusDays(days - 1L), today, mode, warnings);
                yield new StatsQuery(sequences, DateWindows.split(new DateWindow(start, today)), pageSize, Optional.empty(), warnings);
            }
            case INCREMENTAL -> incremental(context, sequences, pageSize, today, storedState, warnings);
        };
    }

    /** Fixed mode: both dates as given; a start the API cannot serve is an error here, not a silent clamp. */
    static DateWindow fixedRange(final PropertyContext context, final Map<String, String> attributes, final LocalDate today)
            throws InvalidQueryException {
        final String startName = SaleshandyProperties.START_DATE.getName();
        final String endName = SaleshandyProperties.END_DATE.getName();
        final LocalDate start = DateRules.parse(startName, evaluate(context, SaleshandyProperties.START_DATE, attributes));
        final String endText = evaluate(context, SaleshandyProperties.END_DATE, attributes);
        final LocalDate end = endText == null || endText.isBlank() ? today : DateRules.parse(endName, endText);
        final List<String> problems = DateRules.problems(startName, start, endName, end, today);
        if (!problems.isEmpty()) {
            throw new InvalidQueryException(String.join("; ", problems));
        }
        return new DateWindow(start, end);
    }

    /** An optional Sequence IDs left empty stands for every sequence of the account; a required one must name at least one ID. */
    private static SequenceSelection sequences(final PropertyContext context, final PropertyDescriptor sequenceIdsProperty,
                                               final Map<String, String> attributes) throws InvalidQueryException {
        final String ids = evaluate(context, sequenceIdsProperty, attributes);
        if (!sequenceIdsProperty.isRequired() && (ids == null || ids.isBlank())) {
            return SequenceSelection.everySequence(context.getProperty(SaleshandyProperties.GET_ACTIVE_ONLY).asBoolean());
        }
        return SequenceSelection.given(SequenceIds.parse(ids));
    }

    private static StatsQuery incremental(final PropertyContext context, final SequenceSelection sequences, final int pageSize, final LocalDate today,
                                          final Map<String, String> storedState, final List<String> warnings) throws InvalidQueryException {
        final LocalDate initialStart = DateRules.parse(SaleshandyProperties.INITIAL_START_DATE.getName(),
                context.getProperty(SaleshandyProperties.INITIAL_START_DATE).evaluateAttributeExpressions().getValue());
        // As the Base URL property was written before the connection service, without the slash HttpUrl adds: positions stay valid.
        final String url = Connections.account(context).map(account -> account.baseUrl().toString()).orElse("");
        final String baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        final String fingerprint = IncrementalState.fingerprint(baseUrl, DateRangeMode.INCREMENTAL, sequences, initialStart);
        final int overlapDays = WholeDaysValidator.days(context.getProperty(SaleshandyProperties.OVERLAP).getValue());
        LocalDate start = IncrementalState.forQuery(storedState, fingerprint)
                .map(state -> state.lastEndDate().minusDays(overlapDays))
                .orElse(initialStart);
        if (start.isAfter(today)) {
            start = today;
        }
        start = clamp(start, today, DateRangeMode.INCREMENTAL, warnings);
        return new StatsQuery(sequences, DateWindows.split(new DateWindow(start, today)), pageSize,
                Optional.of(new IncrementalState(today, fingerprint)), warnings);
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
