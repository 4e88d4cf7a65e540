package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.query.DateRules;
import io.github.nifisaleshandy.query.InvalidQueryException;
import io.github.nifisaleshandy.query.SequenceIds;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

/**
 * Checks a literal property value against one of the API's rules; a value with Expression Language is checked per
 * FlowFile when the processor runs, with the same rule.
 */
final class LiteralValueValidator implements Validator {

    /** A rule of the API: accepts the value or says, naming the property, what is wrong with it. */
    @FunctionalInterface
    interface Rule {
        void check(String property, String value) throws InvalidQueryException;
    }

    static final LiteralValueValidator SEQUENCE_IDS = new LiteralValueValidator((property, value) -> SequenceIds.parse(value));
    /** Empty, or IDs by the same rule: GetSaleshandyStats' Sequence IDs, where empty means every sequence. */
    static final LiteralValueValidator SEQUENCE_IDS_OR_EMPTY = new LiteralValueValidator((property, value) -> {
        if (!value.isBlank()) {
            SequenceIds.parse(value);
        }
    });
    static final LiteralValueValidator ISO_DATE = new LiteralValueValidator(DateRules::parse);

    private final Rule rule;

    private LiteralValueValidator(final Rule rule) {
        this.rule = rule;
    }

    @Override
    public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
        final ValidationResult.Builder result = new ValidationResult.Builder().subject(subject).input(input);
        if (context.isExpressionLanguageSupported(subject) && context.isExpressionLanguagePresent(input)) {
            return result.valid(true).explanation("Expression Language is checked when the processor runs").build();
        }
        try {
            rule.check(subject, input);
            return result.valid(true).build();
        } catch (final InvalidQueryException e) {
            return result.valid(false).explanation(e.getMessage()).build();
        }
    }
}
