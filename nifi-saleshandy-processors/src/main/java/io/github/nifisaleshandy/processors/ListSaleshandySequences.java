package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.SequenceLister;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSchedule;
import org.apache.nifi.annotation.configuration.DefaultSettings;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.scheduling.SchedulingStrategy;

@Tags({"saleshandy", "sequences", "list", "email", "sales", "outreach", "http", "rest", "api"})
@CapabilityDescription("Lists the sequences of a Saleshandy account from the Saleshandy Open API endpoint GET /v1/sequences: every page, "
        + "optionally filtered by title and client, by default only the active ones. Emits the sequences as typed records (id, title, "
        + "active, step count, steps, client, owner) in FlowFiles of Batch Size sequences, as a JSON array or through any Record Writer. "
        + "A run is all-or-nothing: when any page still fails after retries, no FlowFile of that run is emitted. Connect it to "
        + "FetchSaleshandyStats, whose Sequence IDs default to ${saleshandy.sequence.ids}, to fetch the statistics of every listed sequence.")
@SeeAlso(value = FetchSaleshandyStats.class, classNames = "io.github.nifisaleshandy.processors.GetSaleshandyStats")
@InputRequirement(InputRequirement.Requirement.INPUT_FORBIDDEN)
@PrimaryNodeOnly
@TriggerSerially
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "1 day")
// After a rate limit or an outage the API needs time before the next run.
@DefaultSettings(yieldDuration = "30 sec")
@WritesAttributes({
    @WritesAttribute(attribute = "mime.type", description = "application/json, or the MIME type of the Record Writer"),
    @WritesAttribute(attribute = "record.count", description = "The number of sequences (records) in the FlowFile"),
    @WritesAttribute(attribute = SaleshandyAttributes.SEQUENCE_IDS, description = "The IDs of the FlowFile's sequences, comma-separated, in order"),
    @WritesAttribute(attribute = SequenceBatches.SEQUENCE_COUNT, description = "The number of sequences in the FlowFile"),
    @WritesAttribute(attribute = "fragment.identifier", description = "The same for every FlowFile of one run"),
    @WritesAttribute(attribute = "fragment.index", description = "The position of this FlowFile in its run, starting at 0"),
    @WritesAttribute(attribute = "fragment.count", description = "The number of FlowFiles the run emitted")
})
@UseCase(
        description = "Fetch the statistics of every active sequence each day, without listing sequence IDs by hand.",
        configuration = """
                Set "API Key" to the key from Saleshandy (Settings > API Key), best as a sensitive parameter, and keep "Active Only" true.
                Connect "success" to a FetchSaleshandyStats, whose "Sequence IDs" defaults to ${saleshandy.sequence.ids}, with Start
                Date and End Date as the statistics need them: each FlowFile of Batch Size sequences then drives one statistics run.
                """)
public class ListSaleshandySequences extends AbstractSaleshandyProcessor<SequenceListRunner> {

    public static final Relationship SUCCESS = new Relationship.Builder()
            .name("success")
            .description("One FlowFile per batch of sequences, emitted only when every page of the listing was fetched")
            .build();

    private static final List<PropertyDescriptor> PROPERTIES = List.of(
            SaleshandyProperties.CONNECTION, SaleshandyProperties.SEQUENCE_NAME_FILTER, SaleshandyProperties.CLIENT_IDS,
            SaleshandyProperties.ACTIVE_ONLY, SaleshandyProperties.BATCH_SIZE, SaleshandyProperties.SEQUENCE_MAX_PAGES,
            SaleshandyProperties.SEQUENCE_RECORD_WRITER);

    private static final Set<Relationship> RELATIONSHIPS = Set.of(SUCCESS);

    public ListSaleshandySequences() {
        this(Clock.systemUTC());
    }

    /** A seam for tests: the clock that rate-limit headers are read against, and the sleeper that waits between retries. */
    ListSaleshandySequences(final Clock clock) {
        super(SequenceListRunner::open, clock, PROPERTIES, RELATIONSHIPS);
    }

    @Override
    List<ConfigVerificationResult> verifyWith(final ProcessContext context, final MaskingComponentLog log, final Map<String, String> attributes) {
        return new SequencesVerifier(new JsonFactory(), clock()).verify(context, log);
    }

    @Override
    void trigger(final ProcessContext context, final ProcessSession session, final MaskingComponentLog log) {
        if (!isPrimaryOrStandalone()) {
            log.debug("Not the primary node: listing nothing");
            return;
        }
        final long started = System.nanoTime();
        final SequenceListRunner runner = runner();
        final SequenceBatches batches = runner.newBatches(session);
        final SequenceLister.Listing listing;
        try {
            listing = runner.listInto(batches);
        } catch (final SaleshandyApiException e) {
            batches.discard();
            endFailed(context, runner, e, log);
            return;
        } catch (final ProcessException e) {
            batches.discard();
            log.error("Writing the sequences failed; no FlowFile was emitted for this run", e);
            context.yield();
            return;
        }
        final int flowFiles = batches.commit(SUCCESS, runner.sequencesUrl(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        log.info("Listed {} sequences on {} pages; emitted {} in {} FlowFiles", listing.listed(), listing.pages(), listing.kept(), flowFiles);
    }

    /**
     * NiFi runs a {@link PrimaryNodeOnly} processor on the primary node only; this check also holds where the framework
     * does not enforce it (nifi-mock's TestRunner, or a node that just lost the primary role while a run was scheduled).
     */
    private boolean isPrimaryOrStandalone() {
        return !getNodeTypeProvider().isConfiguredForClustering() || getNodeTypeProvider().isPrimary();
    }

    private static void endFailed(final ProcessContext context, final SequenceListRunner runner, final SaleshandyApiException e,
                                  final MaskingComponentLog log) {
        if (runner.endedByStop(e)) {
            log.info("Stopped before the listing finished; nothing of it was emitted");
            return;
        }
        log.error("Listing Saleshandy sequences failed; no FlowFile was emitted for this run: {}", e.getMessage(), e);
        context.yield();
    }
}
