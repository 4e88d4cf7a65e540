package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.Pages;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.SaleshandyConnectionService;
import io.github.nifisaleshandy.service.Sequence;
import io.github.nifisaleshandy.service.SequencesPage;
import io.github.nifisaleshandy.service.SequencesQuery;
import io.github.nifisaleshandy.service.StatsPage;
import io.github.nifisaleshandy.service.StatsQuery;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

/**
 * A second implementation of the contract, in memory: the proof that processors need nothing of the HTTP one. Each date
 * window of a stats query is answered by a script of steps (pages of N records it builds itself, failures, retries and
 * warnings it reports to the client's events, a wait that only a cancel ends); sequences are listed from a list it holds,
 * paged, filtered by name and client, bounded by Max Pages. It records what it was asked and which clients it handed out.
 */
public class InMemorySaleshandyService extends AbstractControllerService implements SaleshandyConnectionService {

    static final String BASE_URL = "memory://saleshandy";
    static final String STATS_URL = BASE_URL + "/v1/analytics/consolidated-stats";
    static final String SEQUENCES_URL = BASE_URL + "/v1/sequences";
    static final String MASK = "*****";

    /** A page of {@code records} records, {@code unparsed} of whose values could not be converted. */
    record Page(int records, int unparsed) {
    }

    /** Reported to the client's events as a retry, then the script goes on. */
    record Retry(SaleshandyApiException failure, int retry, Duration delay) {
    }

    /** Reported to the client's events as a warning, then the script goes on. */
    record Warning(String message) {
    }

    /** Waits until the client is cancelled, then fails as {@link Failure#INTERRUPTED}, as a request in flight would. */
    static final Object UNTIL_CANCELLED = new Object();

    /** The small schema of the records it builds: a text, a count, a timestamp, a nested record and a map. */
    static final RecordSchema CLIENT = new SimpleRecordSchema(List.of(field("id", RecordFieldType.STRING), field("company_name", RecordFieldType.STRING)));
    static final RecordSchema SCHEMA = new SimpleRecordSchema(List.of(field("sequence_id", RecordFieldType.STRING),
            field("recipient_email", RecordFieldType.STRING), field("step_number", RecordFieldType.INT), field("opened_at", RecordFieldType.TIMESTAMP),
            new RecordField("client", RecordFieldType.RECORD.getRecordDataType(CLIENT), true),
            new RecordField("extra_fields", RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType()), true)));
    static final Instant OPENED_AT = Instant.parse("2024-12-18T05:29:29Z");

    private final String key;
    private volatile boolean enabled;
    private volatile BiFunction<StatsQuery, DateWindow, List<Object>> statsScript = (query, window) -> List.of(new Page(2, 0));
    private volatile List<Sequence> sequences = List.of();
    private final Deque<Object> sequencesScript = new ArrayDeque<>();
    final List<StatsQuery> statsQueries = new CopyOnWriteArrayList<>();
    final List<SequencesQuery> sequencesQueries = new CopyOnWriteArrayList<>();
    final List<ClientOptions> connected = new CopyOnWriteArrayList<>();
    final List<Client> clients = new CopyOnWriteArrayList<>();

    InMemorySaleshandyService(final String key) {
        this.key = key;
    }

    @OnEnabled
    public void onEnabled() {
        enabled = true;
    }

    @OnDisabled
    public void onDisabled() {
        enabled = false;
    }

    /** Every window of every stats query is answered by {@code script}: pages, failures, retries, warnings or a wait. */
    InMemorySaleshandyService answerStats(final BiFunction<StatsQuery, DateWindow, List<Object>> script) {
        this.statsScript = script;
        return this;
    }

    /** Every window is answered with these steps. */
    InMemorySaleshandyService answerStats(final Object... steps) {
        return answerStats((query, window) -> List.of(steps));
    }

    InMemorySaleshandyService account(final List<Sequence> accountSequences) {
        this.sequences = List.copyOf(accountSequences);
        return this;
    }

    /** Steps that each listing goes through before its pages: a failure, a retry, a warning or a wait. */
    synchronized InMemorySaleshandyService beforeListing(final Object... steps) {
        sequencesScript.clear();
        sequencesScript.addAll(List.of(steps));
        return this;
    }

    static SaleshandyApiException failure(final Failure failure, final String message) {
        return new SaleshandyApiException(failure, message, failure == Failure.TRANSIENT ? 0 : 400, null, null);
    }

    static Sequence sequence(final String id, final boolean active) {
        return new Sequence(id, "Sequence " + id, active, List.of(new Sequence.Step(id + "-1", "Step 1")),
                null, new Sequence.Owner(7L, "Ada", "Lovelace", "ada@example.com"));
    }

    @Override
    public SaleshandyClient connect(final ClientOptions options) {
        if (!enabled) {
            throw new IllegalStateException("The in-memory service is not enabled");
        }
        connected.add(options);
        final Client client = new Client(options);
        clients.add(client);
        return client;
    }

    @Override
    public String mask(final String text) {
        return text == null ? null : text.replace(key, MASK);
    }

    /** The records of one page, built here: what a conversion would give. */
    static List<Record> records(final DateWindow window, final int pageNumber, final int count) {
        final List<Record> records = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            final Map<String, Object> values = new HashMap<>();
            values.put("sequence_id", "seq");
            values.put("recipient_email", "p" + pageNumber + "r" + i + "@example.com");
            values.put("step_number", i);
            values.put("opened_at", Timestamp.from(OPENED_AT));
            values.put("client", new MapRecord(CLIENT, new HashMap<>(Map.of("id", "c1", "company_name", "Acme"))));
            values.put("extra_fields", Map.of("note", window.start().toString()));
            records.add(new MapRecord(SCHEMA, values));
        }
        return records;
    }

    /** The API's JSON of one page as this service "received" it: what As Returned without a Record Writer passes through. */
    static String json(final int pageNumber, final int count) {
        final StringBuilder json = new StringBuilder("[");
        for (int i = 1; i <= count; i++) {
            json.append(i > 1 ? "," : "").append("{\"Email\":\"p").append(pageNumber).append('r').append(i).append("@example.com\", \"Opened\":\"Yes\"}");
        }
        return json.append(']').toString();
    }

    private static RecordField field(final String name, final RecordFieldType type) {
        return new RecordField(name, type.getDataType(), true);
    }

    /** One processor's client: its own cancel, its own record of being closed. */
    final class Client implements SaleshandyClient {

        final ClientOptions options;
        private final CountDownLatch cancelled = new CountDownLatch(1);
        volatile boolean closed;

        Client(final ClientOptions options) {
            this.options = options;
        }

        @Override
        public Pages<StatsPage> stats(final StatsQuery query) {
            statsQueries.add(query);
            final List<Object> steps = new ArrayList<>();
            for (final DateWindow window : query.windows()) {
                int pageNumber = 0;
                final List<?> script = statsScript.apply(query, window);
                for (int i = 0; i < script.size(); i++) {
                    final Object step = script.get(i);
                    final boolean hasMore = script.subList(i + 1, script.size()).stream().anyMatch(Page.class::isInstance);
                    if (step instanceof Page page) {
                        pageNumber++;
                        if (pageNumber > query.maxPages()) {
                            steps.add(failure(Failure.TOO_MANY_PAGES, "Paging stopped: page " + pageNumber + " of " + window.start() + " to "
                                    + window.end() + " is past Max Pages (" + query.maxPages() + ")"));
                            break;
                        }
                        steps.add(statsPage(query, window, pageNumber, hasMore, page));
                    } else {
                        steps.add(step);
                    }
                }
            }
            return new ScriptedPages<>(steps.iterator(), StatsPage.class);
        }

        private StatsPage statsPage(final StatsQuery query, final DateWindow window, final int pageNumber, final boolean hasMore, final Page page) {
            final byte[] body = ("{\"payload\":{\"data\":" + json(pageNumber, page.records()) + "}}").getBytes(StandardCharsets.UTF_8);
            final int offset = "{\"payload\":{\"data\":".length();
            return new StatsPage(window, pageNumber, hasMore, page.records(), SCHEMA, query.convert() ? records(window, pageNumber, page.records()) : List.of(),
                    page.unparsed(), body, offset, body.length - offset - 2);
        }

        @Override
        public Pages<SequencesPage> sequences(final SequencesQuery query) {
            sequencesQueries.add(query);
            final List<Object> steps;
            synchronized (InMemorySaleshandyService.this) {
                steps = new ArrayList<>(sequencesScript);
            }
            final List<Sequence> selected = sequences.stream()
                    .filter(s -> query.sequenceName() == null || s.title().contains(query.sequenceName()))
                    .filter(s -> query.clientIds().isEmpty() || s.client() != null && query.clientIds().contains(s.client().id()))
                    .toList();
            for (int page = 1; ; page++) {
                final int from = (page - 1) * query.pageSize();
                final List<Sequence> onPage = selected.subList(Math.min(from, selected.size()), Math.min(from + query.pageSize(), selected.size()));
                steps.add(new SequencesPage(page, onPage));
                if (onPage.size() < query.pageSize()) {
                    break;
                }
                if (page >= query.maxPages()) {
                    steps.add(failure(Failure.TOO_MANY_PAGES, "Paging stopped: sequences page " + page + " is full and Max Pages ("
                            + query.maxPages() + ") allows no more"));
                    break;
                }
            }
            return new ScriptedPages<>(steps.iterator(), SequencesPage.class);
        }

        @Override
        public String statsUrl() {
            return STATS_URL;
        }

        @Override
        public String sequencesUrl() {
            return SEQUENCES_URL;
        }

        @Override
        public void cancel() {
            cancelled.countDown();
        }

        @Override
        public boolean isCancelled() {
            return cancelled.getCount() == 0;
        }

        @Override
        public void close() {
            closed = true;
            cancel();
        }

        /** Steps played in order: a page is handed out, a failure thrown, a retry or warning reported, a wait waited. */
        private final class ScriptedPages<P> implements Pages<P> {

            private final Iterator<Object> steps;
            private final Class<P> type;
            private P next;

            ScriptedPages(final Iterator<Object> steps, final Class<P> type) {
                this.steps = steps;
                this.type = type;
            }

            @Override
            public boolean hasNext() throws SaleshandyApiException {
                while (next == null && steps.hasNext()) {
                    if (isCancelled()) {
                        throw failure(Failure.INTERRUPTED, "Cancelled");
                    }
                    final Object step = steps.next();
                    switch (step) {
                        case SaleshandyApiException e -> throw e;
                        case Retry retry -> options.events().retrying(retry.failure(), retry.retry(), retry.delay());
                        case Warning warning -> options.events().warning(warning.message());
                        default -> {
                            if (step == UNTIL_CANCELLED) {
                                awaitCancel();
                            } else {
                                next = type.cast(step);
                            }
                        }
                    }
                }
                return next != null;
            }

            private void awaitCancel() throws SaleshandyApiException {
                try {
                    if (cancelled.await(10, TimeUnit.SECONDS)) {
                        throw failure(Failure.INTERRUPTED, "Cancelled while waiting");
                    }
                    throw new AssertionError("never cancelled");
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure(Failure.INTERRUPTED, "Interrupted");
                }
            }

            @Override
            public P next() throws SaleshandyApiException {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                final P page = next;
                next = null;
                return page;
            }

            @Override
            public void close() {
            }
        }
    }
}
