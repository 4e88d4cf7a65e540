package io.github.nifisaleshandy.record;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.field.StandardFieldConverterRegistry;
import org.apache.nifi.serialization.record.util.DataTypeUtils;

/** Typed getters convert as {@link MapRecord} does; every change goes to the {@code MapRecord} that {@link #change()} makes, once. */
abstract class CopyOnChangeRecord implements Record {

    /** From the first change on, this answers every call. */
    abstract MapRecord change();

    @Override
    public Long getAsLong(final String fieldName) {
        return DataTypeUtils.toLong(getValue(fieldName), fieldName);
    }

    @Override
    public Integer getAsInt(final String fieldName) {
        return DataTypeUtils.toInteger(getValue(fieldName), fieldName);
    }

    @Override
    public Double getAsDouble(final String fieldName) {
        return DataTypeUtils.toDouble(getValue(fieldName), fieldName);
    }

    @Override
    public Float getAsFloat(final String fieldName) {
        return DataTypeUtils.toFloat(getValue(fieldName), fieldName);
    }

    @Override
    public Record getAsRecord(final String fieldName, final RecordSchema recordSchema) {
        return DataTypeUtils.toRecord(getValue(fieldName), recordSchema, fieldName);
    }

    @Override
    public Boolean getAsBoolean(final String fieldName) {
        return DataTypeUtils.toBoolean(getValue(fieldName), fieldName);
    }

    @Override
    public LocalDate getAsLocalDate(final String fieldName, final String format) {
        return asDateTime(LocalDate.class, fieldName, format);
    }

    @Override
    public LocalDateTime getAsLocalDateTime(final String fieldName, final String format) {
        return asDateTime(LocalDateTime.class, fieldName, format);
    }

    @Override
    public OffsetDateTime getAsOffsetDateTime(final String fieldName, final String format) {
        return asDateTime(OffsetDateTime.class, fieldName, format);
    }

    @Override
    public Object[] getAsArray(final String fieldName) {
        return DataTypeUtils.toArray(getValue(fieldName), fieldName, null, StandardCharsets.UTF_8);
    }

    @Override
    public void setValue(final String fieldName, final Object value) {
        change().setValue(fieldName, value);
    }

    @Override
    public void setValue(final RecordField field, final Object value) {
        change().setValue(field, value);
    }

    @Override
    public void remove(final RecordField field) {
        change().remove(field);
    }

    @Override
    public boolean rename(final RecordField field, final String newName) {
        return change().rename(field, newName);
    }

    @Override
    public void regenerateSchema() {
        change().regenerateSchema();
    }

    @Override
    public void setArrayValue(final String fieldName, final int arrayIndex, final Object value) {
        change().setArrayValue(fieldName, arrayIndex, value);
    }

    @Override
    public void setMapValue(final String fieldName, final String mapKey, final Object value) {
        change().setMapValue(fieldName, mapKey, value);
    }

    @Override
    public void incorporateSchema(final RecordSchema other) {
        change().incorporateSchema(other);
    }

    private <T> T asDateTime(final Class<T> type, final String fieldName, final String format) {
        return StandardFieldConverterRegistry.getRegistry().getFieldConverter(type).convertField(getValue(fieldName), Optional.ofNullable(format), fieldName);
    }
}
