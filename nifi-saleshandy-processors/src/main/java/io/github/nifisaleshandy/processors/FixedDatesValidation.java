package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.query.DateRangeMode;
import io.github.nifisaleshandy.query.DateRules;
import io.github.nifisaleshandy.query.InvalidQueryException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;

/**
 * The date rules that need both dates and today, checked at validation time for literal Fixed dates (the 2-year limit,
 * End Date not before Start Date); dates given by Expression Language are checked when a run resolves them.
 */
final class FixedDatesValidation {

    private FixedDatesValidation() {
    }

    static List<ValidationResult> validate(final ValidationContext context, final LocalDate today) {
        final List<ValidationResult> results = new ArrayList<>();
        if (context.getProperty(SaleshandyProperties.DATE_RANGE).asAllowableValue(DateRangeMode.class) != DateRangeMode.FIXED
                || context.isExpressionLanguagePresent(context.getProperty(SaleshandyProperties.START_DATE).getValue())
                || context.isExpressionLanguagePresent(context.getProperty(SaleshandyProperties.END_DATE).getValue())) {
            return results;
        }
        final LocalDate start;
        final LocalDate end;
        try {
            start = DateRules.parse(SaleshandyProperties.START_DATE.getName(), context.getProperty(SaleshandyProperties.START_DATE).getValue());
            final String endText = context.getProperty(SaleshandyProperties.END_DATE).getValue();
            end = endText == null || endText.isBlank() ? today : DateRules.parse(SaleshandyProperties.END_DATE.getName(), endText);
        } catch (final InvalidQueryException unparseable) {
            // Each property's own validator already reports the unparseable date.
            return results;
        }
        final String startName = SaleshandyProperties.START_DATE.getName();
        DateRules.startProblem(startName, start, today).ifPresent(problem -> results.add(invalid(SaleshandyProperties.START_DATE, problem)));
        DateRules.endProblem(startName, start, SaleshandyProperties.END_DATE.getName(), end)
                .ifPresent(problem -> results.add(invalid(SaleshandyProperties.END_DATE, problem)));
        return results;
    }

    private static ValidationResult invalid(final PropertyDescriptor property, final String explanation) {
        return new ValidationResult.Builder().subject(property.getName()).valid(false).explanation(explanation).build();
    }
}
