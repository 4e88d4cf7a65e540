package io.github.nifisaleshandy.testapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TimeZone;

/**
 * A made-up but realistic Saleshandy account: a few sequences, each email step sent to prospects over the last
 * {@link #DAYS} days, with the API's exact field names and value shapes (JavaScript date text, Yes/No flags, empty
 * strings, a Client object that is sometimes empty). The same seed always gives the same records. The account also
 * lists its sequences ({@link #sequences()}): the four with records, one of them inactive, and three more without any.
 */
public final class DemoDataSet {

    public static final int DAYS = 30;
    public static final int DEFAULT_SIZE = 1837;

    private static final long SEED = 20241218L;
    private static final String[][] SEQUENCES = {
        {"Q2vYd7LmPa", "Welcome Campaign", "John Doe"},
        {"k8TzR3wNbE", "Follow-Up Sequence", "Alice Johnson"},
        {"Xc5HqJ9uVs", "Webinar Invite – Q4", "Mark White"},
        {"mB4nWf6GtK", "Renewal Reminder", "Priya Raman"},
    };
    private static final String[] FIRST_NAMES = {"Jane", "Michael", "Sarah", "José", "Zoë", "Liam", "Aarav", "Chloé", "Mei", "Oluwaseun",
        "Sean", "Björn", "Fatima", "Noah", "Ana"};
    private static final String[] LAST_NAMES = {"Smith", "Brown", "Lee", "Álvarez", "Ångström", "O'Brien", "Sharma", "Dubois", "李",
        "Adeyemi", "Smith, Jr.", "Nguyen", "\"The Closer\" Miller", "Kowalski", "Silva"};
    private static final String[] COMPANIES = {"Demo", "TechCorp", "Acme, Inc.", "Müller & Söhne GmbH", "Globex", "Initech"};
    private static final String[] SENTIMENTS = {"Positive", "Neutral", "Negative", "", "Neutral"};
    private static final String[] LINKS = {"https://example.com/offer", "https://example.com/product", "https://example.com/discount?utm=a,b",
        "https://example.com/webinar"};
    /** Zones with the style their dates are written in: the vendor's documented style, or what JavaScript prints. */
    private static final ZoneId[] ZONES = {ZoneId.of("Asia/Kolkata"), ZoneId.of("America/Los_Angeles"), ZoneId.of("Europe/Berlin"), ZoneOffset.UTC};
    private static final DateTimeFormatter JS_DATE = DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss", Locale.US);
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** The sequences of the account, as {@code GET /v1/sequences} lists them: ID, title, active, created, steps, client, owner. */
    private static final List<DemoSequence> ACCOUNT_SEQUENCES = List.of(
        sequence(SEQUENCES[0], true, 400, null, 1001, "Introduction", "Case study", "Break-up"),
        sequence(SEQUENCES[1], true, 300, Client.ACME, 1002, "Recap", "Pricing", "Last check-in"),
        sequence(SEQUENCES[2], true, 200, Client.MUELLER, 1003, "Invitation", "Reminder", "Recording"),
        sequence(SEQUENCES[3], false, 120, Client.ACME, 1004, "Renewal notice", "Offer", "Final reminder"),
        sequence(new String[] {"Hn6VbY2rMx", "Holiday Promo 2025", "Mark White"}, false, 90, null, 1003, "Promo", "Last chance"),
        sequence(new String[] {"Pt3sLw8ZcQ", "Cold Outreach – EMEA", "Alice Johnson"}, true, 60, Client.GLOBEX, 1002,
                "Opener", "Value", "Social proof", "Break-up"),
        sequence(new String[] {"Ze9KcT4pWj", "Partner Intro", "Priya Raman"}, true, 10, Client.INITECH, 1004, "Introduction"));

    /** One sequence of the account; {@code createdDaysBeforeToday} orders them, the newest last. */
    public record DemoSequence(String id, String title, boolean active, int createdDaysBeforeToday, List<String> stepNames, Client client,
                               Owner owner) {
    }

    /** An agency client, which sequences may belong to. */
    public record Client(String id, String companyName, String firstName, String lastName) {
        public static final Client ACME = new Client("cA1mZ7qLxe", "Acme, Inc.", "Sarah", "Lee");
        public static final Client MUELLER = new Client("cM8uLr3sWb", "Müller & Söhne GmbH", "Björn", "Müller");
        public static final Client GLOBEX = new Client("cG4lBx9eTn", "Globex", "Hank", "Scorpio");
        public static final Client INITECH = new Client("cI2nTc6hQv", "Initech", "Bill", "Lumbergh");
    }

    /** The user who owns a sequence; the API's {@code user}, whose {@code id} is a number. */
    public record Owner(long id, String firstName, String lastName, String email) {
    }

    /** One record and the UTC day its email was sent, by which the demo API filters. */
    public record DemoRecord(String sequenceId, LocalDate sentDay, Map<String, Object> fields) {
    }

    private final LocalDate today;
    private final List<DemoRecord> records;

    private DemoDataSet(final LocalDate today, final List<DemoRecord> records) {
        this.today = today;
        this.records = List.copyOf(records);
    }

    /** Records sent during the {@link #DAYS} UTC days up to {@code now}; no event lies after {@code now}. */
    public static DemoDataSet generate(final Instant now, final int size) {
        final Random random = new Random(SEED);
        final LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        final Instant firstDay = today.minusDays(DAYS - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
        final long span = Math.max(1, now.getEpochSecond() - firstDay.getEpochSecond());
        final List<DemoRecord> records = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            final String[] sequence = SEQUENCES[i % SEQUENCES.length];
            final Instant sent = firstDay.plusSeconds(random.nextLong(span));
            records.add(new DemoRecord(sequence[0], sent.atZone(ZoneOffset.UTC).toLocalDate(), fields(random, i, sequence, sent, now)));
        }
        return new DemoDataSet(today, records);
    }

    public LocalDate today() {
        return today;
    }

    public LocalDate firstDay() {
        return today.minusDays(DAYS - 1L);
    }

    /** Every sequence of the account, active or not, in the order they were created. */
    public List<DemoSequence> sequences() {
        return ACCOUNT_SEQUENCES;
    }

    /** The IDs of the four sequences that have records (one of them inactive). */
    public List<String> sequenceIds() {
        final List<String> ids = new ArrayList<>();
        for (final String[] sequence : SEQUENCES) {
            ids.add(sequence[0]);
        }
        return ids;
    }

    public int size() {
        return records.size();
    }

    /** The records of these sequences sent between {@code start} and {@code end}, both days included, in a stable order. */
    public List<DemoRecord> matching(final Collection<String> sequenceIds, final LocalDate start, final LocalDate end) {
        final Set<String> wanted = Set.copyOf(sequenceIds);
        return records.stream()
                .filter(r -> wanted.contains(r.sequenceId()) && !r.sentDay().isBefore(start) && !r.sentDay().isAfter(end))
                .toList();
    }

    /** The body of stats page {@code pageNumber} for a request that passed {@link DemoRules}: its sequences' records of its days. */
    byte[] statsPage(final int pageNumber, final JsonNode request) {
        final List<String> sequenceIds = new ArrayList<>();
        request.path("sequenceIds").forEach(id -> sequenceIds.add(id.asText()));
        final List<DemoRecord> wanted = matching(sequenceIds, LocalDate.parse(request.path("startDate").asText()),
                LocalDate.parse(request.path("endDate").asText()));
        final int limit = request.path("pageLimit").asInt();
        final int from = (int) Math.min((long) (pageNumber - 1) * limit, wanted.size());
        final int to = (int) Math.min((long) from + limit, wanted.size());
        return StatsPages.body(wanted.subList(from, to).stream().map(DemoRecord::fields).toList(), to < wanted.size(), pageNumber);
    }

    private static DemoSequence sequence(final String[] sequence, final boolean active, final int createdDaysBeforeToday, final Client client,
                                         final long ownerId, final String... stepNames) {
        final String[] name = sequence[2].split(" ", 2);
        final Owner owner = new Owner(ownerId, name[0], name[1], sequence[2].toLowerCase(Locale.ROOT).replace(' ', '.') + "@example.com");
        return new DemoSequence(sequence[0], sequence[1], active, createdDaysBeforeToday, List.of(stepNames), client, owner);
    }

    private static Map<String, Object> fields(final Random random, final int i, final String[] sequence, final Instant sent, final Instant now) {
        final ZoneId zone = ZONES[random.nextInt(ZONES.length)];
        final String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
        final String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        final int opens = random.nextInt(10) < 3 ? 0 : random.nextInt(9);
        final int clicks = opens == 0 ? 0 : random.nextInt(opens + 1);
        final boolean replied = opens > 0 && random.nextInt(100) < 18;
        final boolean bounced = opens == 0 && random.nextInt(100) < 10;
        final Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Sequence Title", sequence[1]);
        fields.put("Sequence Owner", sequence[2]);
        fields.put("Step Number", 1 + random.nextInt(3));
        fields.put("Sender Email", sequence[2].toLowerCase(Locale.ROOT).replace(' ', '.') + "@example.com");
        fields.put("Recipient Email", "prospect" + i + "@example.org");
        fields.put("Recipient name", first + " " + last);
        fields.put("Email Sent At", jsDate(sent, zone));
        fields.put("Open Count", opens);
        fields.put("Last Opened At", opens == 0 ? "" : jsDate(before(now, sent.plusSeconds(600 + random.nextInt(172_800))), zone));
        fields.put("Replied", replied ? "Yes" : "No");
        fields.put("Replied At", replied ? jsDate(before(now, sent.plusSeconds(3_600 + random.nextInt(259_200))), zone) : "");
        fields.put("Conversation Id", replied ? id(random) : "");
        fields.put("Current Sentiment", replied ? SENTIMENTS[random.nextInt(SENTIMENTS.length)] : "");
        fields.put("Click Count", clicks);
        fields.put("Last Clicked At", clicks == 0 ? "" : jsDate(before(now, sent.plusSeconds(900 + random.nextInt(172_800))), zone));
        fields.put("Last Link Clicked", clicks == 0 ? "" : LINKS[random.nextInt(LINKS.length)]);
        fields.put("Bounced", bounced ? "Yes" : "No");
        fields.put("Bounced At", bounced ? jsDate(before(now, sent.plusSeconds(30 + random.nextInt(600))), zone) : "");
        fields.put("Unsubscribed", random.nextInt(100) < 3 ? "Yes" : "No");
        fields.put("Deleted", random.nextInt(100) < 1 ? "Yes" : "No");
        fields.put("Sequence Id", sequence[0]);
        fields.put("Client", random.nextInt(10) < 3 ? Map.of() : client(random));
        return fields;
    }

    private static Instant before(final Instant now, final Instant event) {
        return event.isAfter(now) ? now : event;
    }

    private static Map<String, Object> client(final Random random) {
        final Map<String, Object> client = new LinkedHashMap<>();
        final String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
        final String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        client.put("id", id(random));
        client.put("firstName", first.toLowerCase(Locale.ROOT));
        client.put("lastName", last.toLowerCase(Locale.ROOT));
        client.put("email", first.toLowerCase(Locale.ROOT) + "@client.example.com");
        client.put("status", random.nextInt(10) < 9 ? "active" : "inactive");
        client.put("companyName", COMPANIES[random.nextInt(COMPANIES.length)]);
        return client;
    }

    /**
     * Kolkata in the vendor's documented style ({@code GMT+5:30 (Asia/Kolkata)}), other zones as JavaScript's
     * {@code Date.toString()} prints them ({@code GMT-0800 (Pacific Standard Time)}).
     */
    static String jsDate(final Instant instant, final ZoneId zone) {
        final ZonedDateTime local = instant.atZone(zone);
        final int offsetMinutes = local.getOffset().getTotalSeconds() / 60;
        final char sign = offsetMinutes < 0 ? '-' : '+';
        final int hours = Math.abs(offsetMinutes) / 60;
        final int minutes = Math.abs(offsetMinutes) % 60;
        if (zone.getId().equals("Asia/Kolkata")) {
            return "%s GMT%c%d:%02d (%s)".formatted(JS_DATE.format(local), sign, hours, minutes, zone.getId());
        }
        final boolean daylight = zone.getRules().isDaylightSavings(instant);
        final String zoneName = TimeZone.getTimeZone(zone).getDisplayName(daylight, TimeZone.LONG, Locale.US);
        return "%s GMT%c%02d%02d (%s)".formatted(JS_DATE.format(local), sign, hours, minutes, zoneName);
    }

    private static String id(final Random random) {
        final StringBuilder id = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
