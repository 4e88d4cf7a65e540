package io.github.nifisaleshandy.service;

import org.apache.nifi.components.DescribedValue;

/** How the API's statistics records are shaped as NiFi records. */
public enum RecordFormat implements DescribedValue {
    NORMALIZED("Normalized", "snake_case field names, counts as integers, timestamps as UTC instants, Yes/No flags as booleans, "
            + "empty strings as null and Client as a nested record (null when empty). Ready for databases and warehouses."),
    NORMALIZED_FLAT("Normalized Flat", "Normalized, with the Client object spread over client_* columns and extra_fields/unparsed_values "
            + "as JSON text: one flat row per record, for CSV, spreadsheets and database tables (PutDatabaseRecord)."),
    AS_RETURNED("As Returned", "The API's records untouched: field names with spaces, timestamps as JavaScript date text, "
            + "flags as Yes/No. Without a Record Writer the JSON is passed through byte for byte.");

    private final String displayName;
    private final String description;

    RecordFormat(final String displayName, final String description) {
        this.displayName = displayName;
        this.description = description;
    }

    @Override
    public String getValue() {
        return displayName;
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
