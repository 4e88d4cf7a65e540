package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.query.DateRules;
import io.github.nifisaleshandy.query.DateWindow;
import io.github.nifisaleshandy.query.InvalidQueryException;
import io.github.nifisaleshandy.query.SequenceIds;
import io.github.nifisaleshandy.query.StatsQuery;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.context.PropertyContext;

/**
 * Turns the processor's properties, evaluated against a FlowFile's attributes, into a {@link StatsQuery} that obeys
 * every rule of the API, or explains which property breaks which rule.
 */
final class StatsQueryResolver {

    private StatsQueryResolver() {
    }

    static StatsQuery resolve(final PropertyContext context, final Map<String, String> attributes, final LocalDate today)
            throws InvalidQueryException {
        final List<String> sequenceIds = SequenceIds.parse(evaluate(context, GetSaleshandyStats.SEQUENCE_IDS, attributes));
        final DateWindow range = dateRange(context, attributes, today);
        final List<String> problems = DateRules.problems(GetSaleshandyStats.START_DATE.getName(), range.start(),
                GetSaleshandyStats.END_DATE.getName(), range.end(), today);
        if (!problems.isEmpty()) {
            throw new InvalidQueryException(String.join("; ", problems));
        }
        final int pageSize = context.getProperty(GetSaleshandyStats.PAGE_SIZE).asInteger();
        return new StatsQuery(sequenceIds, List.of(range), pageSize);
    }

    private static DateWindow dateRange(final PropertyContext context, final Map<String, String> attributes, final LocalDate today)
            throws InvalidQueryException {
        final LocalDate start = DateRules.parse(GetSaleshandyStats.START_DATE.getName(), evaluate(context, GetSaleshandyStats.START_DATE, attributes));
        final String endText = evaluate(context, GetSaleshandyStats.END_DATE, attributes);
        final LocalDate end = endText == null || endText.isBlank() ? today : DateRules.parse(GetSaleshandyStats.END_DATE.getName(), endText);
        return new DateWindow(start, end);
    }

    private static String evaluate(final PropertyContext context, final PropertyDescriptor property, final Map<String, String> attributes) {
        return context.getProperty(property).evaluateAttributeExpressions(attributes).getValue();
    }
}
