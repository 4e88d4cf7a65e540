package io.github.nifisaleshandy.testapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Builds consolidated-stats response bodies in the API's exact shape: from records numbered across pages, from the demo
 * data set's realistic records, or from a template that varies per page.
 */
public final class StatsPages {

    private static final JsonFactory JSON = new ObjectMapper().getFactory();

    private StatsPages() {
    }

    /** A page holding records {@code first .. first + count - 1}. */
    public static String page(final int pageNumber, final int first, final int count, final boolean hasMore) {
        final StringJoiner records = new StringJoiner(",\n", "[\n", "\n]");
        for (int i = first; i < first + count; i++) {
            records.add(record(i));
        }
        return envelope(records.toString(), hasMore, hasMore ? pageNumber + 1 : 1);
    }

    public static String envelope(final String dataArray, final boolean hasMore, final int nextPageNumber) {
        return "{\"message\":\"Sequence prospects & emails stats fetched successfully\",\"payload\":{\"data\":" + dataArray
                + ",\"hasMore\":" + hasMore + ",\"nextPageNumber\":" + nextPageNumber + "}}";
    }

    public static String record(final int i) {
        return """
                {"Sequence Title":"Campaign %1$d","Sequence Owner":"Owner %1$d","Step Number":%2$d,"Sender Email":"sender%1$d@example.com",\
                "Recipient Email":"recipient%1$d@example.com","Recipient name":"Recipient %1$d",\
                "Email Sent At":"Wed Dec 18 2024 10:59:29 GMT+0530 (India Standard Time)","Open Count":%3$d,\
                "Last Opened At":"Thu Dec 19 2024 12:04:40 GMT+5:30 (Asia/Kolkata)","Replied":"%4$s","Replied At":"","Conversation Id":"",\
                "Current Sentiment":"Neutral","Click Count":%5$d,"Last Clicked At":"","Last Link Clicked":"","Bounced":"No","Bounced At":"",\
                "Unsubscribed":"No","Deleted":"No","Sequence Id":"seq%6$d","Client":{}}""".formatted(
                i, 1 + i % 3, i % 7, i % 2 == 0 ? "Yes" : "No", i % 5, i % 4);
    }

    /** {@code count} realistic records of the demo data set, the same on every call. */
    public static List<Map<String, Object>> realisticRecords(final int count) {
        final DemoDataSet dataSet = DemoDataSet.generate(Instant.parse("2026-11-26T12:00:00Z"), count);
        return dataSet.matching(dataSet.sequenceIds(), LocalDate.MIN, LocalDate.MAX).stream().map(DemoDataSet.DemoRecord::fields).toList();
    }

    /** A page of these records; the API's last page answers {@code nextPageNumber} 1, as its documented example does. */
    public static byte[] body(final List<Map<String, Object>> records, final boolean hasMore, final int pageNumber) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + records.size() * 1000);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("message", "Sequence prospects & emails stats fetched successfully");
            json.writeObjectFieldStart("payload");
            json.writeFieldName("data");
            json.writeObject(records);
            json.writeBooleanField("hasMore", hasMore);
            json.writeNumberField("nextPageNumber", hasMore ? pageNumber + 1 : 1);
            json.writeEndObject();
            json.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JSON fixture from the test resources under {@code /pages/}. */
    public static String resource(final String name) {
        try (InputStream in = StatsPages.class.getResourceAsStream("/pages/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource /pages/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A page template whose records differ per page: each body is the template with the page number spliced into the
     * first record's title, so the pager's repeated-page guard sees distinct pages without building each page anew.
     */
    public static final class Template {
        private static final String MARKER = "@@PAGE@@";
        private final byte[] head;
        private final byte[] middle;
        private final byte[] lastPageTail;
        private final byte[] moreTail;

        public Template(final List<Map<String, Object>> records) {
            final List<Map<String, Object>> marked = new ArrayList<>(records);
            final Map<String, Object> first = new LinkedHashMap<>(records.getFirst());
            first.put("Sequence Title", MARKER);
            marked.set(0, first);
            final String withMore = new String(body(marked, true, 0), StandardCharsets.UTF_8);
            final String last = new String(body(marked, false, 0), StandardCharsets.UTF_8);
            final int at = withMore.indexOf(MARKER);
            head = withMore.substring(0, at).getBytes(StandardCharsets.UTF_8);
            final String rest = withMore.substring(at + MARKER.length());
            final int tail = rest.lastIndexOf("\"hasMore\"");
            middle = rest.substring(0, tail).getBytes(StandardCharsets.UTF_8);
            moreTail = rest.substring(tail).replace("\"nextPageNumber\":1", "\"nextPageNumber\":%d").getBytes(StandardCharsets.UTF_8);
            lastPageTail = last.substring(last.lastIndexOf("\"hasMore\"")).getBytes(StandardCharsets.UTF_8);
        }

        public byte[] page(final int pageNumber, final boolean hasMore) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + middle.length + 64);
            out.writeBytes(head);
            out.writeBytes(("Page " + pageNumber).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(middle);
            out.writeBytes(hasMore ? new String(moreTail, StandardCharsets.UTF_8).formatted(pageNumber + 1).getBytes(StandardCharsets.UTF_8)
                    : lastPageTail);
            return out.toByteArray();
        }
    }
}
