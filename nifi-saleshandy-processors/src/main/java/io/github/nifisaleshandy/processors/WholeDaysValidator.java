package io.github.nifisaleshandy.processors;

import java.util.concurrent.TimeUnit;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.util.FormatUtils;

/**
 * Accepts a time period that is a whole number of days, at least {@code minDays}: the API works in calendar days.
 */
final class WholeDaysValidator implements Validator {

    private static final long DAY_MILLIS = TimeUnit.DAYS.toMillis(1);

    private final int minDays;

    WholeDaysValidator(final int minDays) {
        this.minDays = minDays;
    }

    @Override
    public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
        final ValidationResult.Builder result = new ValidationResult.Builder().subject(subject).input(input);
        final long millis;
        try {
            millis = Math.round(FormatUtils.getPreciseTimeDuration(input, TimeUnit.MILLISECONDS));
        } catch (final IllegalArgumentException e) {
            return result.valid(false).explanation(subject + " must be a time period such as '7 days'").build();
        }
        if (millis % DAY_MILLIS != 0 || millis / DAY_MILLIS < minDays) {
            return result.valid(false).explanation(subject + " must be a whole number of days, at least " + minDays + ", such as '7 days'").build();
        }
        return result.valid(true).build();
    }

    static int days(final String period) {
        return (int) (Math.round(FormatUtils.getPreciseTimeDuration(period, TimeUnit.MILLISECONDS)) / DAY_MILLIS);
    }
}
