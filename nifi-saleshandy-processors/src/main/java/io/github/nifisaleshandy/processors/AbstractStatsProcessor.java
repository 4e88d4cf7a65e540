package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.Relationship;

/**
 * What both stats processors share beyond {@link AbstractSaleshandyProcessor}'s lifecycle: a {@link StatsRunner} per
 * schedule; validation of the shared date properties; Verify; and what "today" is. Each subclass declares its own
 * properties, relationships and scheduling, and its onTrigger drives a {@link StatsTrigger}.
 *
 * <p>The runner is safe for concurrent onTrigger calls: each call builds its own pager, output and progress, and shares
 * only immutable collaborators, the connection's page request threads and its account's rate-limit gate.
 */
public abstract class AbstractStatsProcessor extends AbstractSaleshandyProcessor<StatsRunner> {

    private final PropertyDescriptor sequenceIdsProperty;

    /**
     * {@code clock} says what "today" is, {@code sleeper} waits between retries: seams for tests and the run command.
     * {@code sequenceIdsProperty} is the subclass's Sequence IDs; when it is optional, empty means every sequence of the account.
     */
    protected AbstractStatsProcessor(final Clock clock, final PropertyDescriptor sequenceIdsProperty,
                                     final List<PropertyDescriptor> properties, final Set<Relationship> relationships) {
        super(StatsRunner::open, clock, properties, relationships);
        this.sequenceIdsProperty = sequenceIdsProperty;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>(super.customValidate(context));
        if (new TimeZoneValidator().validate(SaleshandyProperties.TIME_ZONE.getName(), context.getProperty(SaleshandyProperties.TIME_ZONE).getValue(),
                context).isValid()) {
            results.addAll(FixedDatesValidation.validate(context, today(context)));
        }
        return results;
    }

    @Override
    final List<ConfigVerificationResult> verifyWith(final ProcessContext context, final MaskingComponentLog log, final Map<String, String> attributes) {
        return new StatsVerifier(new JsonFactory(), clock()).verify(context, sequenceIdsProperty, attributes, today(context), log);
    }

    final PropertyDescriptor sequenceIdsProperty() {
        return sequenceIdsProperty;
    }

    final LocalDate today(final PropertyContext context) {
        return LocalDate.now(clock().withZone(ZoneId.of(context.getProperty(SaleshandyProperties.TIME_ZONE).getValue().strip())));
    }
}
