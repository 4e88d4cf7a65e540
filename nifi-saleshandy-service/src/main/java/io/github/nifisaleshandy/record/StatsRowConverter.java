package io.github.nifisaleshandy.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.nifisaleshandy.service.RecordFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.nifi.serialization.record.RecordSchema;

/** API records into {@link StatsRecord}s, streaming; a value that cannot be converted is null, its raw text kept in {@code unparsed_values}. */
public final class StatsRowConverter {

    private static final ApiField[] API_FIELDS = ApiField.values();
    private static final ApiField.ClientField[] CLIENT_FIELDS = ApiField.ClientField.values();
    private static final int CLIENT_ORDINAL = ApiField.CLIENT.ordinal();

    private final JsonFactory jsonFactory;
    private final boolean normalized;
    private final boolean flat;
    private final RecordSchema schema;
    private final int columns;
    private final int extraColumn;
    private final int unparsedColumn;

    public StatsRowConverter(final JsonFactory jsonFactory, final RecordFormat format) {
        this.jsonFactory = jsonFactory;
        this.normalized = format != RecordFormat.AS_RETURNED;
        this.flat = format == RecordFormat.NORMALIZED_FLAT;
        this.schema = StatsSchemas.of(format);
        this.columns = schema.getFieldCount();
        this.extraColumn = columns - 2;
        this.unparsedColumn = columns - 1;
    }

    /** Reads one record; the parser is on its START_OBJECT and is left on its END_OBJECT. */
    public StatsRecord convert(final JsonParser parser) throws IOException {
        final RowBuilder row = new RowBuilder();
        int expected = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            final String name = parser.currentName();
            final JsonToken token = parser.nextToken();
            // The API sends its fields in a fixed order and Jackson interns names, so the expected field is an identity hit.
            final ApiField field = expected < API_FIELDS.length && API_FIELDS[expected].apiName == name ? API_FIELDS[expected] : ApiField.byApiName(name);
            if (field == null) {
                row.extra(name, jsonText(parser, token));
                continue;
            }
            expected = field.ordinal() + 1;
            switch (field.kind) {
                case TEXT -> row.values[field.ordinal()] = text(parser, token);
                case COUNT -> readCount(parser, token, field, row);
                case TIMESTAMP -> readTimestamp(parser, token, field, row);
                case FLAG -> readFlag(parser, token, field, row);
                case CLIENT -> readClient(parser, token, field, row);
            }
        }
        return row.build();
    }

    private void readCount(final JsonParser parser, final JsonToken token, final ApiField field, final RowBuilder row) throws IOException {
        final int column = field.ordinal();
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
            row.unparsed(field.apiName, text);
        }
    }

    private void readTimestamp(final JsonParser parser, final JsonToken token, final ApiField field, final RowBuilder row) throws IOException {
        final int column = field.ordinal();
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
            row.unparsed(field.apiName, text);
        } else {
            row.values[column] = Timestamp.from(instant);
        }
    }

    private void readFlag(final JsonParser parser, final JsonToken token, final ApiField field, final RowBuilder row) throws IOException {
        final int column = field.ordinal();
        if (!normalized) {
            row.values[column] = text(parser, token);
            return;
        }
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            row.values[column] = token == JsonToken.VALUE_TRUE;
            return;
        }
        final String text = token == JsonToken.VALUE_NULL ? "" : jsonText(parser, token);
        switch (flag(text)) {
            case TRUE -> row.values[column] = Boolean.TRUE;
            case FALSE -> row.values[column] = Boolean.FALSE;
            case EMPTY -> row.values[column] = null;
            case UNKNOWN -> row.unparsed(field.apiName, text);
        }
    }

    private void readClient(final JsonParser parser, final JsonToken token, final ApiField field, final RowBuilder row) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            if (token != JsonToken.VALUE_NULL) {
                row.unparsed(field.apiName, jsonText(parser, token));
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
                row.extra(field.apiName + "." + name, jsonText(parser, valueToken));
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

    /** Strings as given (empty as null when normalized); other JSON as its text. */
    private String text(final JsonParser parser, final JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        final String text = token == JsonToken.VALUE_STRING ? parser.getText() : jsonText(parser, token);
        return normalized && text.isEmpty() ? null : text;
    }

    /** Strings unquoted, other scalars as written, objects and arrays as compact JSON. */
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

    /** "Yes"/"No" or true/false, in any case, surrounding spaces ignored. */
    static Flag flag(final String text) {
        final String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            return Flag.EMPTY;
        }
        if (value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("true")) {
            return Flag.TRUE;
        }
        if (value.equalsIgnoreCase("no") || value.equalsIgnoreCase("false")) {
            return Flag.FALSE;
        }
        return Flag.UNKNOWN;
    }

    enum Flag { TRUE, FALSE, EMPTY, UNKNOWN }

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
        private final Object[] values = new Object[columns];
        private Map<String, String> extra;
        private Map<String, String> unparsed;
        private int unparsedCount;

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

        private StatsRecord build() throws IOException {
            values[extraColumn] = flat && extra != null ? jsonObjectText(extra) : extra;
            values[unparsedColumn] = flat && unparsed != null ? jsonObjectText(unparsed) : unparsed;
            return StatsRecord.of(schema, values, unparsedCount);
        }
    }
}
