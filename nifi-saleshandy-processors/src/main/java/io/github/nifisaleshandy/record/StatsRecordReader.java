package io.github.nifisaleshandy.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

/**
 * Streams the records of a {@code payload.data} array into NiFi {@link Record}s of the chosen {@link RecordFormat}, one
 * object at a time. A value that cannot be converted never fails the page: its column becomes null, its raw text is
 * kept in {@code unparsed_values}, and it is counted.
 */
public final class StatsRecordReader {

    /** Receives each record as it is read. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(Record record) throws IOException;
    }

    private final JsonFactory jsonFactory;
    private final RecordFormat format;
    private final boolean normalized;
    private final boolean flat;
    private final RecordSchema schema;
    private final RecordSchema clientSchema;

    public StatsRecordReader(final JsonFactory jsonFactory, final RecordFormat format) {
        this.jsonFactory = jsonFactory;
        this.format = format;
        this.normalized = format != RecordFormat.AS_RETURNED;
        this.flat = format == RecordFormat.NORMALIZED_FLAT;
        this.schema = format.schema();
        this.clientSchema = normalized ? StatsSchemas.NORMALIZED_CLIENT : StatsSchemas.AS_RETURNED_CLIENT;
    }

    public RecordFormat format() {
        return format;
    }

    /** Reads the JSON array and hands each record to {@code sink}; returns how many values could not be converted. */
    public int read(final InputStream dataArray, final RecordSink sink) throws IOException {
        int unparsed = 0;
        try (JsonParser parser = jsonFactory.createParser(dataArray)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("Expected a JSON array of records");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                final RecordValues values = readRecord(parser);
                unparsed += values.unparsedCount;
                sink.accept(flat ? values.toFlatRecord(schema, this::jsonObjectText) : values.toRecord(schema));
            }
        }
        return unparsed;
    }

    private RecordValues readRecord(final JsonParser parser) throws IOException {
        final RecordValues values = new RecordValues();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            final String name = parser.currentName();
            final JsonToken token = parser.nextToken();
            final ApiField field = ApiField.byApiName(name);
            if (field == null) {
                values.extra(name, jsonText(parser, token));
                continue;
            }
            final String column = normalized ? field.normalizedName() : field.apiName();
            switch (field.kind()) {
                case TEXT -> values.put(column, text(parser, token));
                case COUNT -> readCount(parser, token, field, column, values);
                case TIMESTAMP -> readTimestamp(parser, token, field, column, values);
                case FLAG -> readFlag(parser, token, field, column, values);
                case CLIENT -> readClient(parser, token, field, column, values);
            }
        }
        return values;
    }

    private void readCount(final JsonParser parser, final JsonToken token, final ApiField field, final String column, final RecordValues values)
            throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            values.put(column, parser.getIntValue());
            return;
        }
        final String text = jsonText(parser, token);
        if (token == JsonToken.VALUE_NULL || (token == JsonToken.VALUE_STRING && text.isBlank())) {
            values.put(column, null);
        } else if (token == JsonToken.VALUE_STRING && isSmallInteger(text.strip())) {
            values.put(column, Integer.parseInt(text.strip()));
        } else {
            values.unparsed(field.apiName(), text);
        }
    }

    private void readTimestamp(final JsonParser parser, final JsonToken token, final ApiField field, final String column,
                               final RecordValues values) throws IOException {
        if (!normalized) {
            values.put(column, text(parser, token));
            return;
        }
        final String text = token == JsonToken.VALUE_STRING ? parser.getText() : jsonText(parser, token);
        if (token == JsonToken.VALUE_NULL || text.isBlank()) {
            values.put(column, null);
            return;
        }
        final Instant instant = token == JsonToken.VALUE_STRING ? JsDateParser.parse(text) : null;
        if (instant == null) {
            values.unparsed(field.apiName(), text);
        } else {
            values.put(column, Timestamp.from(instant));
        }
    }

    private void readFlag(final JsonParser parser, final JsonToken token, final ApiField field, final String column, final RecordValues values)
            throws IOException {
        if (!normalized) {
            values.put(column, text(parser, token));
            return;
        }
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            values.put(column, token == JsonToken.VALUE_TRUE);
            return;
        }
        final String text = token == JsonToken.VALUE_NULL ? "" : jsonText(parser, token);
        switch (YesNoFlag.read(text)) {
            case TRUE -> values.put(column, Boolean.TRUE);
            case FALSE -> values.put(column, Boolean.FALSE);
            case EMPTY -> values.put(column, null);
            case UNKNOWN -> values.unparsed(field.apiName(), text);
        }
    }

    private void readClient(final JsonParser parser, final JsonToken token, final ApiField field, final String column, final RecordValues values)
            throws IOException {
        if (token != JsonToken.START_OBJECT) {
            if (token != JsonToken.VALUE_NULL) {
                values.unparsed(field.apiName(), jsonText(parser, token));
            }
            values.put(column, null);
            return;
        }
        final Map<String, Object> client = new HashMap<>(8);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            final String name = parser.currentName();
            final JsonToken valueToken = parser.nextToken();
            final ApiField.ClientField clientField = ApiField.ClientField.byApiName(name);
            if (clientField == null) {
                values.extra(field.apiName() + "." + name, jsonText(parser, valueToken));
            } else {
                client.put(normalized ? clientField.normalizedName() : clientField.apiName(), text(parser, valueToken));
            }
        }
        if (flat) {
            for (final Map.Entry<String, Object> clientValue : client.entrySet()) {
                values.put(StatsSchemas.FLAT_CLIENT_PREFIX + clientValue.getKey(), clientValue.getValue());
            }
        } else {
            values.put(column, client.isEmpty() && normalized ? null : new MapRecord(clientSchema, client));
        }
    }

    /** A text column's value: strings as given (empty as null when normalized); other JSON as its text. */
    private String text(final JsonParser parser, final JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        final String text = token == JsonToken.VALUE_STRING ? parser.getText() : jsonText(parser, token);
        return normalized && text.isEmpty() ? null : text;
    }

    /** Any JSON value as text: strings unquoted, everything else (numbers, objects, arrays) as compact JSON. */
    private String jsonText(final JsonParser parser, final JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token.isScalarValue()) {
            return parser.getText();
        }
        final StringWriter json = new StringWriter();
        try (JsonGenerator generator = jsonFactory.createGenerator(json)) {
            generator.copyCurrentStructure(parser);
        }
        return json.toString();
    }

    private String jsonObjectText(final Map<String, String> map) throws IOException {
        final StringWriter json = new StringWriter();
        try (JsonGenerator generator = jsonFactory.createGenerator(json)) {
            generator.writeStartObject();
            for (final Map.Entry<String, String> entry : map.entrySet()) {
                generator.writeStringField(entry.getKey(), entry.getValue());
            }
            generator.writeEndObject();
        }
        return json.toString();
    }

    /** Renders a map of text as a JSON object. */
    @FunctionalInterface
    private interface MapRenderer {
        String render(Map<String, String> map) throws IOException;
    }

    private static boolean isSmallInteger(final String text) {
        if (text.isEmpty() || text.length() > 9) {
            return false;
        }
        final int start = text.charAt(0) == '-' ? 1 : 0;
        if (start == text.length()) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static final class RecordValues {
        private final Map<String, Object> values = new HashMap<>(48);
        private Map<String, String> extra;
        private Map<String, String> unparsed;
        private int unparsedCount;

        private void put(final String column, final Object value) {
            values.put(column, value);
        }

        private void extra(final String name, final String json) {
            if (extra == null) {
                extra = new LinkedHashMap<>();
            }
            extra.put(name, json);
        }

        private void unparsed(final String apiName, final String text) {
            if (unparsed == null) {
                unparsed = new LinkedHashMap<>();
            }
            unparsed.put(apiName, text);
            unparsedCount++;
        }

        private Record toFlatRecord(final RecordSchema schema, final MapRenderer renderer) throws IOException {
            values.put(StatsSchemas.EXTRA_FIELDS, extra == null ? null : renderer.render(extra));
            values.put(StatsSchemas.UNPARSED_VALUES, unparsed == null ? null : renderer.render(unparsed));
            return new MapRecord(schema, values);
        }

        private Record toRecord(final RecordSchema schema) {
            values.put(StatsSchemas.EXTRA_FIELDS, extra);
            values.put(StatsSchemas.UNPARSED_VALUES, unparsed);
            return new MapRecord(schema, values);
        }
    }
}
