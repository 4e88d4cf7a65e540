package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.processors.SaleshandyValidators.InvalidValueException;
import io.github.nifisaleshandy.processors.StatsQueryResolver.Query;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Pages;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.StatsPage;
import io.github.nifisaleshandy.service.StatsQuery;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.serialization.RecordSetWriterFactory;

/**
 * What both stats processors share: relationships, date validation, record output, Verify and what "today" is. Concurrent
 * onTrigger calls are safe: each has its own {@link StatsRun}; the client and the record output are thread-safe.
 */
public abstract class AbstractStatsProcessor extends AbstractSaleshandyProcessor {

    public static final Relationship SUCCESS = new Relationship.Builder()
            .name("success")
            .description("One FlowFile per page of records, emitted only when every page of the run was fetched")
            .build();

    public static final Relationship ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("The incoming FlowFile, after its run succeeded")
            .build();

    public static final Relationship FAILURE = new Relationship.Builder()
            .name("failure")
            .description("The incoming FlowFile, penalized, when its run failed or its attributes gave invalid values; "
                    + "saleshandy.error.message says why")
            .build();

    static final String CONFIGURATION = "Resolve configuration";
    static final String LIST_SEQUENCES = "List the sequences";
    static final String FIRST_PAGE = "Fetch the first page";
    private static final int SMALLEST_PAGE = 10;

    private final Clock clock;
    private final PropertyDescriptor sequenceIdsProperty;
    private volatile RecordWriting writing;

    AbstractStatsProcessor(final Clock clock, final PropertyDescriptor sequenceIdsProperty, final List<PropertyDescriptor> properties,
                           final Set<Relationship> relationships) {
        super(properties, relationships);
        this.clock = clock;
        this.sequenceIdsProperty = sequenceIdsProperty;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>(super.customValidate(context));
        if (SaleshandyValidators.isTimeZone(context.getProperty(SaleshandyProperties.TIME_ZONE).getValue())) {
            results.addAll(SaleshandyValidators.fixedDates(context, today(context)));
        }
        return results;
    }

    @Override
    final int concurrentRequests(final PropertyContext context) {
        return context.getProperty(SaleshandyProperties.CONCURRENT_REQUESTS).asInteger();
    }

    @Override
    final void scheduled(final ProcessContext context, final MaskingComponentLog log) {
        writing = new RecordWriting(context.getProperty(SaleshandyProperties.RECORD_WRITER).asControllerService(RecordSetWriterFactory.class), log);
    }

    final Optional<Query> run(final SaleshandyClient client, final ProcessContext context, final ProcessSession session, final FlowFile input,
                              final MaskingComponentLog log, final Map<String, String> storedState) {
        return new StatsRun(client, context, session, input, writing, log).run(sequenceIdsProperty, today(context), storedState);
    }

    final LocalDate today(final PropertyContext context) {
        return LocalDate.now(clock.withZone(ZoneId.of(context.getProperty(SaleshandyProperties.TIME_ZONE).getValue().strip())));
    }

    /** Resolves the configuration as a run would, lists the sequences when Sequence IDs is empty, fetches the smallest first page. */
    @Override
    final List<ConfigVerificationResult> verifyWith(final ProcessContext context, final SaleshandyClient client, final MaskingComponentLog log,
                                                    final Map<String, String> attributes) {
        final VerificationSteps steps = new VerificationSteps();
        final Query query;
        try {
            query = StatsQueryResolver.resolve(context, sequenceIdsProperty, attributes, today(context), Map.of(), client.statsUrl());
        } catch (final InvalidValueException e) {
            steps.add(CONFIGURATION, Outcome.FAILED, e.getMessage());
            steps.skip("The configuration is not valid", VerificationSteps.REACH, VerificationSteps.KEY, FIRST_PAGE);
            return steps.results();
        }
        final DateWindow first = query.windows().getFirst();
        final String sequences = query.everySequence() ? "Every " + (query.activeOnly() ? "active " : "") + "sequence of the account"
                : "Sequences " + String.join(", ", query.sequenceIds());
        steps.add(CONFIGURATION, Outcome.SUCCESSFUL, sequences + " from " + first.start() + " to " + query.windows().getLast().end()
                + (query.windows().size() > 1 ? " in " + query.windows().size() + " windows of at most 1 year" : "") + ", pages of " + query.pageSize());
        List<String> ids = query.sequenceIds();
        if (query.everySequence()) {
            try {
                final StatsRun.AccountSequences listed = StatsRun.listSequences(client, query.activeOnly());
                ids = listed.ids();
                steps.succeeded(LIST_SEQUENCES, client.sequencesUrl(), listed.describe(query.activeOnly()) + (ids.isEmpty() ? "; a run emits nothing" : ""));
                if (ids.isEmpty()) {
                    steps.skip("No sequences to report on", FIRST_PAGE);
                    return steps.results();
                }
            } catch (final SaleshandyApiException e) {
                log.warn("Verification could not list the sequences: {}", e.getMessage(), e);
                steps.failed(LIST_SEQUENCES, client.sequencesUrl(), e);
                steps.skip("The sequences could not be listed", FIRST_PAGE);
                return steps.results();
            }
        }
        final StatsQuery firstPage = new StatsQuery(ids, List.of(first), SMALLEST_PAGE, 1, RecordFormat.AS_RETURNED, false);
        try (Pages<StatsPage> pages = client.stats(firstPage)) {
            final StatsPage page = pages.hasNext() ? pages.next() : null;
            steps.succeeded(FIRST_PAGE, client.statsUrl(), (page == null ? 0 : page.recordCount()) + " records on the first page of " + SMALLEST_PAGE
                    + (page != null && page.hasMore() ? "; more pages follow" : "; no more pages"));
        } catch (final SaleshandyApiException e) {
            log.warn("Verification could not fetch the first page: {}", e.getMessage(), e);
            steps.failed(FIRST_PAGE, client.statsUrl(), e);
        }
        return steps.results();
    }
}
