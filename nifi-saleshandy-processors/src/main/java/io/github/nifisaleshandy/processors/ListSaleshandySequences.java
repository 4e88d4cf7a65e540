package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.processors.SaleshandyValidators.InvalidValueException;
import io.github.nifisaleshandy.service.Pages;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.Sequence;
import io.github.nifisaleshandy.service.SequencesPage;
import io.github.nifisaleshandy.service.SequencesQuery;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.scheduling.SchedulingStrategy;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

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
    @WritesAttribute(attribute = ListSaleshandySequences.SEQUENCE_COUNT, description = "The number of sequences in the FlowFile"),
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
public class ListSaleshandySequences extends AbstractSaleshandyProcessor {

    public static final Relationship SUCCESS = new Relationship.Builder()
            .name("success")
            .description("One FlowFile per batch of sequences, emitted only when every page of the listing was fetched")
            .build();

    static final String SEQUENCE_COUNT = "saleshandy.sequence.count";
    static final String SEQUENCES_COUNTER = "Saleshandy sequences listed";
    static final String FIRST_PAGE = "List the first page";

    private static final List<PropertyDescriptor> PROPERTIES = List.of(
            SaleshandyProperties.CONNECTION, SaleshandyProperties.SEQUENCE_NAME_FILTER, SaleshandyProperties.CLIENT_IDS,
            SaleshandyProperties.ACTIVE_ONLY, SaleshandyProperties.BATCH_SIZE, SaleshandyProperties.SEQUENCE_MAX_PAGES,
            SaleshandyProperties.SEQUENCE_RECORD_WRITER);

    private static final Set<Relationship> RELATIONSHIPS = Set.of(SUCCESS);

    private static final RecordSchema STEP = new SimpleRecordSchema(List.of(text("id"), text("name")));
    private static final RecordSchema CLIENT = new SimpleRecordSchema(List.of(text("id"), text("company_name"), text("first_name"), text("last_name")));
    private static final RecordSchema OWNER = new SimpleRecordSchema(List.of(
            new RecordField("id", RecordFieldType.LONG.getDataType(), true), text("first_name"), text("last_name"), text("email")));
    /** A listed sequence, in snake_case like the stats records; {@code owner} is the API's {@code user}. */
    private static final RecordSchema SEQUENCE = new SimpleRecordSchema(List.of(
            new RecordField("id", RecordFieldType.STRING.getDataType(), false),
            text("title"),
            new RecordField("active", RecordFieldType.BOOLEAN.getDataType(), false),
            new RecordField("step_count", RecordFieldType.INT.getDataType(), false),
            new RecordField("steps", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.RECORD.getRecordDataType(STEP)), false),
            new RecordField("client", RecordFieldType.RECORD.getRecordDataType(CLIENT), true),
            new RecordField("owner", RecordFieldType.RECORD.getRecordDataType(OWNER), true)));

    private record Listing(SequencesQuery query, boolean activeOnly, int batchSize, RecordWriting writing) {
    }

    private volatile Listing listing;

    public ListSaleshandySequences() {
        super(PROPERTIES, RELATIONSHIPS);
    }

    @Override
    int concurrentRequests(final PropertyContext context) {
        return 1;
    }

    @Override
    void scheduled(final ProcessContext context, final MaskingComponentLog log) {
        final RecordSetWriterFactory writerFactory =
                context.getProperty(SaleshandyProperties.SEQUENCE_RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
        try {
            listing = new Listing(query(context).withMaxPages(context.getProperty(SaleshandyProperties.SEQUENCE_MAX_PAGES).asInteger()),
                    context.getProperty(SaleshandyProperties.ACTIVE_ONLY).asBoolean(), context.getProperty(SaleshandyProperties.BATCH_SIZE).asInteger(),
                    new RecordWriting(writerFactory, log));
        } catch (final InvalidValueException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static SequencesQuery query(final PropertyContext context) throws InvalidValueException {
        return SequencesQuery.everySequence()
                .withSequenceName(context.getProperty(SaleshandyProperties.SEQUENCE_NAME_FILTER).evaluateAttributeExpressions().getValue())
                .withClientIds(SaleshandyValidators.clientIds(context.getProperty(SaleshandyProperties.CLIENT_IDS).evaluateAttributeExpressions().getValue()));
    }

    @Override
    List<ConfigVerificationResult> verifyWith(final ProcessContext context, final SaleshandyClient client, final MaskingComponentLog log,
                                              final Map<String, String> attributes) {
        final VerificationSteps steps = new VerificationSteps();
        final SequencesQuery query;
        try {
            query = query(context).withMaxPages(1);
        } catch (final InvalidValueException e) {
            steps.add(FIRST_PAGE, Outcome.FAILED, e.getMessage());
            return steps.results();
        }
        try (Pages<SequencesPage> pages = client.sequences(query)) {
            final List<Sequence> sequences = pages.hasNext() ? pages.next().sequences() : List.of();
            final long active = sequences.stream().filter(Sequence::active).count();
            steps.succeeded(FIRST_PAGE, client.sequencesUrl(), sequences.size() + " sequences on the first page, " + active + " of them active"
                    + (sequences.size() < query.pageSize() ? "; no more pages" : "; more pages may follow"));
        } catch (final SaleshandyApiException e) {
            log.warn("Verification could not list the first page of sequences: {}", e.getMessage(), e);
            steps.failed(FIRST_PAGE, client.sequencesUrl(), e);
        }
        return steps.results();
    }

    @Override
    void trigger(final ProcessContext context, final ProcessSession session, final SaleshandyClient client, final MaskingComponentLog log) {
        if (!isPrimaryOrStandalone()) {
            log.debug("Not the primary node: listing nothing");
            return;
        }
        final long started = System.nanoTime();
        final Listing scheduled = listing;
        final RunFlowFiles flowFiles = new RunFlowFiles(session, null);
        final List<Sequence> batch = new ArrayList<>();
        long listed = 0;
        long kept = 0;
        int pages = 0;
        try (Pages<SequencesPage> listingPages = client.sequences(scheduled.query())) {
            while (listingPages.hasNext()) {
                pages++;
                for (final Sequence sequence : listingPages.next().sequences()) {
                    listed++;
                    if (sequence.active() || !scheduled.activeOnly()) {
                        kept++;
                        batch.add(sequence);
                        // Written as soon as it is full: only one batch is held in memory.
                        if (batch.size() == scheduled.batchSize()) {
                            writeBatch(flowFiles, batch, scheduled.writing());
                        }
                    }
                }
            }
            if (!batch.isEmpty()) {
                writeBatch(flowFiles, batch, scheduled.writing());
            }
        } catch (final SaleshandyApiException e) {
            flowFiles.discard();
            if (endedByStop(client, e)) {
                log.info("Stopped before the listing finished; nothing of it was emitted");
                return;
            }
            log.error("Listing Saleshandy sequences failed; no FlowFile was emitted for this run: {}", e.getMessage(), e);
            context.yield();
            return;
        } catch (final ProcessException e) {
            flowFiles.discard();
            log.error("Writing the sequences failed; no FlowFile was emitted for this run", e);
            context.yield();
            return;
        }
        flowFiles.commit(SUCCESS, client.sequencesUrl(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        session.adjustCounter(SEQUENCES_COUNTER, kept, false);
        log.info("Listed {} sequences on {} pages; emitted {} in {} FlowFiles", listed, pages, kept, flowFiles.count());
    }

    private static void writeBatch(final RunFlowFiles flowFiles, final List<Sequence> batch, final RecordWriting writing) {
        final List<String> ids = batch.stream().map(Sequence::id).toList();
        final int size = batch.size();
        flowFiles.add((out, attributes) -> writing.write(SEQUENCE, batch.stream().map(ListSaleshandySequences::toRecord).toList(), out, attributes),
                written -> Map.of(CoreAttributes.MIME_TYPE.key(), written.mimeType(), "record.count", String.valueOf(written.recordCount()),
                        SEQUENCE_COUNT, String.valueOf(size), SaleshandyAttributes.SEQUENCE_IDS, String.join(",", ids)));
        batch.clear();
    }

    private static Record toRecord(final Sequence sequence) {
        final Sequence.Client client = sequence.client();
        final Sequence.Owner owner = sequence.owner();
        return record(SEQUENCE, sequence.id(), sequence.title(), sequence.active(), sequence.steps().size(),
                sequence.steps().stream().map(step -> record(STEP, step.id(), step.name())).toArray(Record[]::new),
                client == null ? null : record(CLIENT, client.id(), client.companyName(), client.firstName(), client.lastName()),
                owner == null ? null : record(OWNER, owner.id(), owner.firstName(), owner.lastName(), owner.email()));
    }

    /** A record of {@code schema} with {@code values} in the order of its fields. */
    private static Record record(final RecordSchema schema, final Object... values) {
        final Map<String, Object> fields = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            fields.put(schema.getFields().get(i).getFieldName(), values[i]);
        }
        return new MapRecord(schema, fields);
    }

    private static RecordField text(final String name) {
        return new RecordField(name, RecordFieldType.STRING.getDataType(), true);
    }

    /** Also where the framework does not enforce {@link PrimaryNodeOnly}: nifi-mock, or a node that just lost the primary role. */
    private boolean isPrimaryOrStandalone() {
        return !getNodeTypeProvider().isConfiguredForClustering() || getNodeTypeProvider().isPrimary();
    }
}
