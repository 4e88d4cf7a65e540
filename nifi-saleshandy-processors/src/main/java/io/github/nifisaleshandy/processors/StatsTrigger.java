package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.query.InvalidQueryException;
import io.github.nifisaleshandy.query.StatsQuery;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.exception.ProcessException;

/**
 * The steps of one onTrigger that both stats processors share: resolve the query, run it, commit or discard its output,
 * and end a failed or stopped run. Made per call, so concurrent onTrigger calls share nothing through it.
 *
 * <p>With an incoming FlowFile (FetchSaleshandyStats), properties are evaluated against its attributes, output pages are
 * its children, and it goes to original or, with the reason in its attributes, to failure; a stopped run puts it back.
 * Without one (GetSaleshandyStats), a failure is logged and the processor yields until its next scheduled run.
 */
final class StatsTrigger {

    private final StatsRunner runner;
    private final ProcessContext context;
    private final ProcessSession session;
    private final FlowFile input;
    /** Masks the key in what is logged, and in the error message an incoming FlowFile carries to failure. */
    private final MaskingComponentLog logger;

    private StatsTrigger(final StatsRunner runner, final ProcessContext context, final ProcessSession session, final FlowFile input,
                         final MaskingComponentLog logger) {
        this.runner = runner;
        this.context = context;
        this.session = session;
        this.input = input;
        this.logger = logger;
    }

    /** A run on the processor's own schedule. */
    static StatsTrigger scheduled(final StatsRunner runner, final ProcessContext context, final ProcessSession session, final MaskingComponentLog logger) {
        return new StatsTrigger(runner, context, session, null, logger);
    }

    /** A run that {@code input} drives. */
    static StatsTrigger forInput(final StatsRunner runner, final ProcessContext context, final ProcessSession session, final FlowFile input,
                                 final MaskingComponentLog logger) {
        return new StatsTrigger(runner, context, session, input, logger);
    }

    /**
     * The query of this run, with every sequence of the account listed when {@code sequenceIdsProperty} is empty; empty
     * when the configuration or the FlowFile's attributes break a rule or the listing failed (then already failed), or
     * when the account has no sequences to report on.
     */
    Optional<StatsQuery> resolve(final PropertyDescriptor sequenceIdsProperty, final LocalDate today, final Map<String, String> storedState) {
        final StatsQuery query;
        try {
            query = StatsQueryResolver.resolve(context, sequenceIdsProperty, input == null ? Map.of() : input.getAttributes(), today, storedState);
        } catch (final InvalidQueryException e) {
            fail(SaleshandyAttributes.INVALID_CONFIGURATION, e.getMessage(), null);
            return Optional.empty();
        }
        query.warnings().forEach(warning -> logger.warn("{}", warning));
        return query.sequences().everySequence() ? withEverySequence(query) : Optional.of(query);
    }

    private Optional<StatsQuery> withEverySequence(final StatsQuery query) {
        final boolean activeOnly = query.sequences().activeOnly();
        final AccountSequences sequences;
        try {
            sequences = runner.listSequences(activeOnly);
        } catch (final SaleshandyApiException e) {
            endFailed(e);
            return Optional.empty();
        }
        if (sequences.ids().isEmpty()) {
            logger.info("The account has no {}sequences ({}): nothing to fetch in this run", activeOnly ? "active " : "", sequences.describe(activeOnly));
            return Optional.empty();
        }
        logger.debug("Fetching statistics of every {}sequence of the account: {}", activeOnly ? "active " : "", sequences.describe(activeOnly));
        return Optional.of(query.withListedSequences(sequences.ids()));
    }

    /** Fetches every page of {@code query} and transfers the run's FlowFiles; true when they were transferred, false when the run failed or stopped. */
    boolean fetchAndTransfer(final StatsQuery query) {
        final RunProgress progress = new RunProgress(logger);
        final RunOutput output = new RunOutput(session, input);
        try {
            runner.fetchInto(query, output, progress);
        } catch (final SaleshandyApiException e) {
            output.discard();
            endFailed(e);
            return false;
        } catch (final ProcessException e) {
            output.discard();
            fail(SaleshandyAttributes.OUTPUT_FAILED, "Writing the records failed: " + rootMessage(e), e);
            return false;
        }
        final RunOutput.Totals totals = output.commit(runner.statsUrl(), progress.elapsed());
        if (totals.unparsedValues() > 0) {
            logger.warn("{} values could not be converted; their columns are null and their raw text is in the unparsed_values field",
                    totals.unparsedValues());
        }
        if (input != null) {
            session.transfer(input, StatsRelationships.ORIGINAL);
        }
        return true;
    }

    private void endFailed(final SaleshandyApiException e) {
        if (runner.endedByStop(e)) {
            // A stop is the user's choice, not a failure: no error bulletin, and an incoming FlowFile goes back to its queue.
            logger.info("Stopped before the run finished; nothing of it was emitted{}", input == null ? "" : ", and its FlowFile stays queued");
            if (input != null) {
                session.rollback();
            }
            return;
        }
        fail(e.getFailure().name(), e.getMessage(), e);
        if (input != null && e.getFailure().asksToWait()) {
            // Rate limited or unavailable: the next FlowFile would only meet the same answer at once.
            context.yield();
        }
    }

    /**
     * Logs the failure with its exception (null for a configuration problem), so that its stack trace reaches the log.
     * {@code unmaskedMessage} may quote a Record Writer or a library that quoted the key: it is masked here.
     */
    private void fail(final String errorType, final String unmaskedMessage, final Exception cause) {
        final String message = logger.mask(unmaskedMessage);
        if (input == null) {
            logError(cause, "Fetching Saleshandy statistics failed; no FlowFile was emitted for this run: {}", message);
            context.yield();
            return;
        }
        logError(cause, "Fetching Saleshandy statistics for {} failed; routing it to failure: {}", input, message);
        FlowFile failed = session.putAllAttributes(input, Map.of(SaleshandyAttributes.ERROR_MESSAGE, message, SaleshandyAttributes.ERROR_TYPE, errorType));
        failed = session.penalize(failed);
        session.transfer(failed, StatsRelationships.FAILURE);
    }

    private void logError(final Exception cause, final String format, final Object... arguments) {
        if (cause == null) {
            logger.error(format, arguments);
        } else {
            logger.error(format, Stream.concat(Arrays.stream(arguments), Stream.of(cause)).toArray());
        }
    }

    private static String rootMessage(final Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
