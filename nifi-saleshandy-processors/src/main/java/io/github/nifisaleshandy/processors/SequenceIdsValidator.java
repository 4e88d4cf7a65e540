package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.query.InvalidQueryException;
import io.github.nifisaleshandy.query.SequenceIds;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

/**
 * Checks a literal "Sequence IDs" value; a value with Expression Language is checked per FlowFile at run time.
 */
final class SequenceIdsValidator implements Validator {

    @Override
    public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
        final ValidationResult.Builder result = new ValidationResult.Builder().subject(subject).input(input);
        if (context.isExpressionLanguageSupported(subject) && context.isExpressionLanguagePresent(input)) {
            return result.valid(true).explanation("Expression Language is checked when the processor runs").build();
        }
        try {
            SequenceIds.parse(input);
            return result.valid(true).build();
        } catch (final InvalidQueryException e) {
            return result.valid(false).explanation(e.getMessage()).build();
        }
    }
}
