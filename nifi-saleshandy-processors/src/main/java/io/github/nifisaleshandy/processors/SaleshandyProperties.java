package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.SaleshandyConnectionService;
import io.github.nifisaleshandy.service.SequencesQuery;
import io.github.nifisaleshandy.service.StatsQuery;
import java.util.EnumSet;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordSetWriterFactory;

/**
 * The property descriptors of the Saleshandy processors, in one place so that every processor offers the same date and
 * output settings with the same names, rules and documentation. The connection settings are the connection service's.
 */
public final class SaleshandyProperties {

    public static final PropertyDescriptor CONNECTION = new PropertyDescriptor.Builder()
            .name("Saleshandy Connection")
            .description("The Saleshandy account to use: its API key, Base URL, TLS and proxy settings, timeouts, retries and rate limit. "
                    + "Every processor on one connection service shares the account's rate limit.")
            .required(true)
            .identifiesControllerService(SaleshandyConnectionService.class)
            .build();

    private static final String SEQUENCE_IDS_FORMAT = "The IDs of the sequences to report on, separated by commas and/or whitespace, "
            + "e.g. 2dP27N0gZ4, 2dP27NugZ3. Duplicates are dropped; order is kept.";

    public static final PropertyDescriptor SEQUENCE_IDS = new PropertyDescriptor.Builder()
            .name("Sequence IDs")
            .description(SEQUENCE_IDS_FORMAT + " Empty: every sequence of the account (only the active ones when Active Only is true), "
                    + "listed through GET /v1/sequences at the start of each run, so that a new sequence is reported on without changing "
                    + "the flow. In Incremental mode a sequence that appears later continues from the current position.")
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(SaleshandyValidators.SEQUENCE_IDS_OR_EMPTY)
            .build();

    public static final PropertyDescriptor GET_ACTIVE_ONLY = new PropertyDescriptor.Builder()
            .name("Active Only")
            .description("Used only when Sequence IDs is empty: whether every sequence of the account means only its active sequences "
                    + "(true) or also the paused and inactive ones (false). The listing API has no such filter: every page is listed and "
                    + "inactive sequences are left out here.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();

    public static final PropertyDescriptor DATE_RANGE = new PropertyDescriptor.Builder()
            .name("Date Range")
            .description("How each run chooses its days: Fixed dates, a Rolling Window ending today, or Incremental from where the last "
                    + "successful run ended.")
            .required(true)
            .allowableValues(DateRangeMode.class)
            .defaultValue(DateRangeMode.FIXED)
            .build();

    /** Incremental keeps one position for one schedule, which runs driven by FlowFiles cannot share. */
    public static final PropertyDescriptor FETCH_DATE_RANGE = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(DATE_RANGE)
            .description("How each incoming FlowFile's run chooses its days: Fixed dates (Expression Language against the FlowFile's "
                    + "attributes) or a Rolling Window ending today. Incremental is offered by GetSaleshandyStats only: its position "
                    + "belongs to one schedule, not to FlowFiles that arrive in any order on any node.")
            .allowableValues(EnumSet.of(DateRangeMode.FIXED, DateRangeMode.ROLLING_WINDOW))
            .defaultValue(DateRangeMode.FIXED)
            .build();

    public static final PropertyDescriptor FETCH_SEQUENCE_IDS = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(SEQUENCE_IDS)
            .description(SEQUENCE_IDS_FORMAT + " By default the incoming FlowFile's " + SaleshandyAttributes.SEQUENCE_IDS
                    + " attribute, which ListSaleshandySequences writes.")
            .required(true)
            .clearValidators()
            .addValidator(SaleshandyValidators.SEQUENCE_IDS)
            .defaultValue("${" + SaleshandyAttributes.SEQUENCE_IDS + "}")
            .build();

    public static final PropertyDescriptor START_DATE = new PropertyDescriptor.Builder()
            .name("Start Date")
            .description("The first day to report on, as YYYY-MM-DD, e.g. 2024-11-15 or ${now():format('yyyy-MM-dd')}. "
                    + "Saleshandy serves at most 2 years back from today.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(SaleshandyValidators.ISO_DATE)
            .dependsOn(DATE_RANGE, DateRangeMode.FIXED)
            .build();

    public static final PropertyDescriptor END_DATE = new PropertyDescriptor.Builder()
            .name("End Date")
            .description("The last day to report on, as YYYY-MM-DD; empty means today (in Time Zone). Must not be before Start Date. "
                    + "A range longer than the API's 1 year is fetched as consecutive windows of at most 1 year.")
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(SaleshandyValidators.ISO_DATE)
            .dependsOn(DATE_RANGE, DateRangeMode.FIXED)
            .build();

    public static final PropertyDescriptor WINDOW_LENGTH = new PropertyDescriptor.Builder()
            .name("Window Length")
            .description("How many days, ending today, each run reads, as a time period in whole days, e.g. '7 days' (today and the 6 days "
                    + "before). A start more than 2 years back is moved up to the oldest day Saleshandy serves, with a warning.")
            .required(true)
            .defaultValue("7 days")
            .addValidator(SaleshandyValidators.wholeDays(1))
            .dependsOn(DATE_RANGE, DateRangeMode.ROLLING_WINDOW)
            .build();

    public static final PropertyDescriptor INITIAL_START_DATE = new PropertyDescriptor.Builder()
            .name("Initial Start Date")
            .description("The first day the first run reads, as YYYY-MM-DD; later runs continue from where the last successful run ended. "
                    + "A date more than 2 years back is moved up to the oldest day Saleshandy serves, with a warning.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(SaleshandyValidators.ISO_DATE)
            .dependsOn(DATE_RANGE, DateRangeMode.INCREMENTAL)
            .build();

    public static final PropertyDescriptor OVERLAP = new PropertyDescriptor.Builder()
            .name("Overlap")
            .description("How many days before the last run's end date each run starts again, in whole days, e.g. '1 day', so that "
                    + "late opens, clicks and replies are picked up. '0 days' re-reads only the last end date itself.")
            .required(true)
            .defaultValue("1 day")
            .addValidator(SaleshandyValidators.wholeDays(0))
            .dependsOn(DATE_RANGE, DateRangeMode.INCREMENTAL)
            .build();

    public static final PropertyDescriptor TIME_ZONE = new PropertyDescriptor.Builder()
            .name("Time Zone")
            .description("The time zone whose calendar says what 'today' is, for the 2-year rule, an empty End Date, Rolling Window and "
                    + "Incremental, e.g. UTC, Europe/Berlin or Asia/Kolkata.")
            .required(true)
            .defaultValue("UTC")
            .addValidator(SaleshandyValidators.TIME_ZONE)
            .build();

    public static final PropertyDescriptor PAGE_SIZE = new PropertyDescriptor.Builder()
            .name("Page Size")
            .description("How many records to request per page (the API allows 10 to 500). Larger pages mean fewer round trips; "
                    + "each page becomes one FlowFile.")
            .required(true)
            .defaultValue("500")
            .addValidator(StandardValidators.createLongValidator(10, 500, true))
            .build();

    public static final PropertyDescriptor MAX_PAGES = new PropertyDescriptor.Builder()
            .name("Max Pages")
            .description("The most pages one date window may have (1 to 1,000,000). A server that keeps saying hasMore with new data "
                    + "would otherwise be paged forever; past this many pages the run fails (TOO_MANY_PAGES) and emits nothing. "
                    + "Raise it for windows with more than Max Pages x Page Size records.")
            .required(true)
            .defaultValue(String.valueOf(StatsQuery.DEFAULT_MAX_PAGES))
            .addValidator(StandardValidators.createLongValidator(1, 1_000_000, true))
            .build();

    public static final PropertyDescriptor RECORD_FORMAT = new PropertyDescriptor.Builder()
            .name("Record Format")
            .description("The shape of the records written: Normalized (snake_case columns, typed values, see the usage page for the "
                    + "schema), Normalized Flat (the same, one flat row per record, for CSV and database tables) or As Returned (the API's "
                    + "own field names and text).")
            .required(true)
            .allowableValues(RecordFormat.class)
            .defaultValue(RecordFormat.NORMALIZED)
            .build();

    public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes each page's records in the format of your choice (JSON, CSV, Avro, Parquet, ...). The writer is offered "
                    + "the fixed schema of the Record Format, so it needs no schema registry: set its Schema Access Strategy to "
                    + "'Inherit Record Schema'. When empty, each FlowFile is a JSON array.")
            .identifiesControllerService(RecordSetWriterFactory.class)
            .build();

    public static final PropertyDescriptor CONCURRENT_REQUESTS = new PropertyDescriptor.Builder()
            .name("Concurrent Requests")
            .description("The most page requests a run keeps in flight at once (1 to 16). A run starts with one and doubles after each "
                    + "answer, up to this ceiling. Every request of the account, retries included, also waits for a place under the "
                    + "account's own limit: it starts at 16, drops when an HTTP 429 arrives while several requests were in flight, "
                    + "and grows back slowly; requests never spend more than x-ratelimit-remaining allows. Pages still come out in "
                    + "order and a run stays all-or-nothing. 1 fetches strictly one page after another.")
            .required(true)
            .defaultValue("8")
            .addValidator(StandardValidators.createLongValidator(1, 16, true))
            .build();

    // ListSaleshandySequences

    public static final PropertyDescriptor SEQUENCE_NAME_FILTER = new PropertyDescriptor.Builder()
            .name("Sequence Name Filter")
            .description("Lists only sequences whose title matches this text, as Saleshandy's own title search (the sequenceName "
                    + "query parameter) matches it. Empty: every sequence. Must not contain control characters (tabs, line breaks).")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .addValidator(SaleshandyValidators.NO_CONTROL_CHARACTERS)
            .build();

    public static final PropertyDescriptor CLIENT_IDS = new PropertyDescriptor.Builder()
            .name("Client IDs")
            .description("Lists only the sequences of these agency clients: client IDs separated by commas and/or whitespace, sent "
                    + "comma-joined as the clientIds query parameter. Empty: the sequences of every client.")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(SaleshandyValidators.CLIENT_IDS)
            .build();

    public static final PropertyDescriptor ACTIVE_ONLY = new PropertyDescriptor.Builder()
            .name("Active Only")
            .description("Whether to emit only active sequences. The API has no such filter: every page is fetched and inactive "
                    + "sequences are left out here.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();

    public static final PropertyDescriptor BATCH_SIZE = new PropertyDescriptor.Builder()
            .name("Batch Size")
            .description("How many sequences each FlowFile holds (1 to 500); the last FlowFile of a run holds the rest.")
            .required(true)
            .defaultValue("50")
            .addValidator(StandardValidators.createLongValidator(1, 500, true))
            .build();

    public static final PropertyDescriptor SEQUENCE_MAX_PAGES = new PropertyDescriptor.Builder()
            .name("Max Pages")
            .description("The most pages of 1,000 sequences one listing may fetch (1 to 10,000). A server that keeps sending full "
                    + "pages would otherwise be paged forever; when page Max Pages is still full, the run fails (TOO_MANY_PAGES) "
                    + "and emits nothing.")
            .required(true)
            .defaultValue(String.valueOf(SequencesQuery.DEFAULT_MAX_PAGES))
            .addValidator(StandardValidators.createLongValidator(1, 10_000, true))
            .build();

    public static final PropertyDescriptor SEQUENCE_RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes each batch of sequences in the format of your choice (JSON, CSV, Avro, Parquet, ...). The writer is "
                    + "offered the fixed sequence schema, so it needs no schema registry: set its Schema Access Strategy to "
                    + "'Inherit Record Schema'. When empty, each FlowFile is a JSON array.")
            .identifiesControllerService(RecordSetWriterFactory.class)
            .build();

    private SaleshandyProperties() {
    }
}
