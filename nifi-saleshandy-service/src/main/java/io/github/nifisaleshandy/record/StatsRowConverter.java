package io.github.nifisaleshandy.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.nifisaleshandy.client.RecordConverter;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts API records into {@link StatsRow}s of the chosen {@link RecordFormat}, streaming, one object at a time. A value
 * that cannot be converted never fails the page: its column becomes null, its raw text is kept in
 * {@code unparsed_values}, and it is counted. As the client's {@link RecordConverter}, it converts each record while
 * the page is parsed, so that the writers get the rows with the page.
 */
public final class StatsRowConverter implements RecordConverter<StatsRow> {

    /** Receives each row as it is read. */
    @FunctionalInterface
    public interface RowSink {
        void accept(StatsRow row) throws IOException;
    }

    private static final ApiField[] API_FIELDS = ApiField.values();
    private static final ApiField.ClientField[] CLIENT_FIELDS = ApiField.ClientField.values();
    private static final int CLIENT_ORDINAL = ApiField.CLIENT.ordinal();

    private final JsonFactory jsonFactory;
    private final RecordFormat format;
    private final boolean normalized;
    private final boolean flat;
    private final int columns;
    private final int extraColumn;
    private final int unparsedColumn;

    public StatsRowConverter(final JsonFactory jsonFactory, final RecordFormat format) {
        this.jsonFactory = jsonFactory;
        this.format = format;
        this.normalized = format != RecordFormat.AS_RETURNED;
        this.flat = format == RecordFormat.NORMALIZED_FLAT;
        this.columns = format.schema().getFieldCount();
        this.extraColumn = columns - 2;
        this.unparsedColumn = columns - 1;
    }

    public RecordFormat format() {
        return format;
    }

    /**
     * Reads a JSON array of records, such as {@link io.github.nifisaleshandy.client.StatsPage#data()}, handing each row to
     * {@code sink}; returns how many values could not be converted. A parse of its own: pages fetched with this converter
     * already carry their rows.
     */
    public int read(final InputStream dataArray, final RowSink sink) throws IOException {
        int unparsed = 0;
        try (JsonParser parser = jsonFactory.createParser(dataArray)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("Expected a JSON array of records");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                final StatsRow row = convert(parser);
                unparsed += row.unparsedCount();
                sink.accept(row);
            }
        }
        return unparsed;
    }

    @Override
    public StatsRow convert(final JsonParser parser) throws IOException {
        final RowBuilder row = new RowBuilder(new Object[columns]);
        int expected = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            final String name = parser.currentName();
            final JsonToken token = parser.nextToken();
            // The API sends its fields in a fixed order and Jackson interns names, so the expected field is an identity hit.
            final ApiField field = expected < API_FIELDS.length && API_FIELDS[expected].apiName() == name ? API_FIELDS[expected] : ApiField.byApiName(name);
            if (field == null) {
                row.extra(name, jsonText(parser, token));
                continue;
            }
            expected = field.ordinal() + 1;
            final int column = field.ordinal();
            switch (field.kind()) {
                case TEXT -> row.values[column] = text(parser, token);
                case COUNT -> readCount(parser, token, field, column, row);
                case TIMESTAMP -> readTimestamp(parser, token, field, column, row);
                case FLAG -> readFlag(parser, token, field, column, row);
                case CLIENT -> readClient(parser, token, field, row);
            }
        }
        return row.build();
    }

    private void readCount(final JsonParser parser, final JsonToken token, final ApiField field, final int column, final RowBuilder row)
            throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            row.values[column] = parser.getIntValue();
            return;
        }
        final String text = jsonText(parser, token);
        if (token == JsonToken.VALUE_NULL || (token == JsonToken.VALUE_STRING && text.isBlank())) {
            row.values[column] = null;
        } else if (token == JsonToken.VALUE_STRING && isSmallInteger(text.strip())) {
            row.values[column] = Integer.parseInt(text.strip());
        } else {
            row.unparsed(field.apiName(), text);
        }
    }

    private void readTimestamp(final JsonParser parser, final JsonToken token, final ApiField field, final int column, final RowBuilder row)
            throws IOException {
        if (!normalized) {
            row.values[column] = text(parser, token);
            return;
        }
        final String text = token == JsonToken.VALUE_STRING ? parser.getText() : jsonText(parser, token);
        if (token == JsonToken.VALUE_NULL || text.isBlank()) {
            return;
        }
        final Instant instant = token == JsonToken.VALUE_STRING ? JsDateParser.parse(text) : null;
        if (instant == null) {
            row.unparsed(field.apiName(), text);
        } else {
            row.values[column] = Timestamp.from(instant);
        }
    }

    private void readFlag(final JsonParser parser, final JsonToken token, final ApiField field, final int column, final RowBuilder row)
            throws IOException {
        if (!normalized) {
            row.values[column] = text(parser, token);
            return;
        }
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            row.values[column] = token == JsonToken.VALUE_TRUE;
            return;
        }
        final String text = token == JsonToken.VALUE_NULL ? "" : jsonText(parser, token);
        switch (YesNoFlag.read(text)) {
            case TRUE -> row.values[column] = Boolean.TRUE;
            case FALSE -> row.values[column] = Boolean.FALSE;
            case EMPTY -> row.values[column] = null;
            case UNKNOWN -> row.unparsed(field.apiName(), text);
        }
    }

    private void readClient(final JsonParser parser, final JsonToken token, final ApiField field, final RowBuilder row) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            if (token != JsonToken.VALUE_NULL) {
                row.unparsed(field.apiName(), jsonText(parser, token));
            }
            return;
        }
        final Object[] client = new Object[CLIENT_FIELDS.length];
        boolean empty = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            final String name = parser.currentName();
            final JsonToken valueToken = parser.nextToken();
            final ApiField.ClientField clientField = ApiField.ClientField.byApiName(name);
            if (clientField == null) {
                row.extra(field.apiName() + "." + name, jsonText(parser, valueToken));
            } else {
                client[clientField.ordinal()] = text(parser, valueToken);
                empty = false;
            }
        }
        if (flat) {
            System.arraycopy(client, 0, row.values, CLIENT_ORDINAL, client.length);
        } else if (!empty || !normalized) {
            row.values[CLIENT_ORDINAL] = client;
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

    /** Any JSON value as text: strings unquoted, other scalars as written, objects and arrays as compact JSON. */
    private String jsonText(final JsonParser parser, final JsonToken token) throws IOException {
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

    private final class RowBuilder {
        private final Object[] values;
        private Map<String, String> extra;
        private Map<String, String> unparsed;
        private int unparsedCount;

        private RowBuilder(final Object[] values) {
            this.values = values;
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

        private StatsRow build() throws IOException {
            values[extraColumn] = flat && extra != null ? jsonObjectText(extra) : extra;
            values[unparsedColumn] = flat && unparsed != null ? jsonObjectText(unparsed) : unparsed;
            return new StatsRow(values, unparsedCount);
        }
    }
}
