package io.github.nifisaleshandy.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.nifisaleshandy.client.Sequence;
import io.github.nifisaleshandy.record.SequenceSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch of sequences as a JSON array without a Record Writer service, with the field names of the sequence
 * schema; nulls are written out so that every object has every field.
 */
public final class SequenceJsonWriter implements SequenceBatchWriter {

    private final JsonFactory jsonFactory;

    public SequenceJsonWriter(final JsonFactory jsonFactory) {
        this.jsonFactory = jsonFactory;
    }

    @Override
    public Result write(final List<Sequence> batch, final OutputStream out, final Map<String, String> attributes) throws IOException {
        try (JsonGenerator json = jsonFactory.createGenerator(out)) {
            json.writeStartArray();
            for (final Sequence sequence : batch) {
                writeSequence(json, sequence);
            }
            json.writeEndArray();
        }
        return new Result(batch.size(), "application/json");
    }

    private static void writeSequence(final JsonGenerator json, final Sequence sequence) throws IOException {
        json.writeStartObject();
        json.writeStringField(SequenceSchema.ID, sequence.id());
        json.writeStringField(SequenceSchema.TITLE, sequence.title());
        json.writeBooleanField(SequenceSchema.ACTIVE, sequence.active());
        json.writeNumberField(SequenceSchema.STEP_COUNT, sequence.steps().size());
        json.writeArrayFieldStart(SequenceSchema.STEPS);
        for (final Sequence.Step step : sequence.steps()) {
            json.writeStartObject();
            json.writeStringField(SequenceSchema.ID, step.id());
            json.writeStringField(SequenceSchema.NAME, step.name());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeFieldName(SequenceSchema.CLIENT);
        final Sequence.Client client = sequence.client();
        if (client == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            json.writeStringField(SequenceSchema.ID, client.id());
            json.writeStringField(SequenceSchema.COMPANY_NAME, client.companyName());
            json.writeStringField(SequenceSchema.FIRST_NAME, client.firstName());
            json.writeStringField(SequenceSchema.LAST_NAME, client.lastName());
            json.writeEndObject();
        }
        json.writeFieldName(SequenceSchema.OWNER);
        final Sequence.Owner owner = sequence.owner();
        if (owner == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            json.writeFieldName(SequenceSchema.ID);
            if (owner.id() == null) {
                json.writeNull();
            } else {
                json.writeNumber(owner.id());
            }
            json.writeStringField(SequenceSchema.FIRST_NAME, owner.firstName());
            json.writeStringField(SequenceSchema.LAST_NAME, owner.lastName());
            json.writeStringField(SequenceSchema.EMAIL, owner.email());
            json.writeEndObject();
        }
        json.writeEndObject();
    }
}
