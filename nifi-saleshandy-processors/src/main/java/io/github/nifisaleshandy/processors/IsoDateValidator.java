package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.query.DateRules;
import io.github.nifisaleshandy.query.InvalidQueryException;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

/**
 * Checks that a literal date is a real {@code YYYY-MM-DD} day; Expression Language is checked at run time.
 */
final class IsoDateValidator implements Validator {

    @Override
    public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
        final ValidationResult.Builder result = new ValidationResult.Builder().subject(subject).input(input);
        if (context.isExpressionLanguageSupported(subject) && context.isExpressionLanguagePresent(input)) {
            return result.valid(true).explanation("Expression Language is checked when the processor runs").build();
        }
        try {
            DateRules.parse(subject, input);
            return result.valid(true).build();
        } catch (final InvalidQueryException e) {
            return result.valid(false).explanation(e.getMessage()).build();
        }
    }
}
