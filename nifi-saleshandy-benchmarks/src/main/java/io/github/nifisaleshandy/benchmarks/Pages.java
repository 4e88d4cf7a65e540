package io.github.nifisaleshandy.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.demo.DemoDataSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Response bodies in the API's exact shape, built from the demo data set's realistic records.
 */
final class Pages {

    private static final JsonFactory JSON = new ObjectMapper().getFactory();

    private Pages() {
    }

    /** {@code count} realistic records, the same on every call. */
    static List<Map<String, Object>> records(final int count) {
        final DemoDataSet dataSet = DemoDataSet.generate(Instant.parse("2026-11-26T12:00:00Z"), count);
        return dataSet.matching(dataSet.sequenceIds(), LocalDate.MIN, LocalDate.MAX).stream().map(DemoDataSet.DemoRecord::fields).toList();
    }

    static byte[] body(final List<Map<String, Object>> records, final boolean hasMore, final int pageNumber) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 1000);
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

    /**
     * A page template whose records differ per page: each body is the template with the page number spliced into the
     * first record's title, so the pager's repeated-page guard sees distinct pages without building each page anew.
     */
    static final class Template {
        private static final String MARKER = "@@PAGE@@";
        private final byte[] head;
        private final byte[] middle;
        private final byte[] lastPageTail;
        private final byte[] moreTail;

        Template(final List<Map<String, Object>> records) {
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

        byte[] page(final int pageNumber, final boolean hasMore) {
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
