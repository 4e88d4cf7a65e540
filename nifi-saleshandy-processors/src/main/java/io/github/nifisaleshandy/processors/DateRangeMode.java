package io.github.nifisaleshandy.processors;

import org.apache.nifi.components.DescribedValue;

/** How a run chooses its days. */
public enum DateRangeMode implements DescribedValue {
    FIXED("Fixed", "From Start Date to End Date (Expression Language allowed). Ranges longer than the API's 1 year are fetched as "
            + "consecutive windows of at most 1 year."),
    ROLLING_WINDOW("Rolling Window", "The last Window Length of days, ending today, re-read on every run: opens, clicks and replies keep "
            + "changing after an email is sent. Downstream, upsert on sequence_id + recipient_email + step_number."),
    INCREMENTAL("Incremental", "From Initial Start Date on the first run, then from the end date of the last successful run minus Overlap, "
            + "up to today. The end date is kept in cluster state and advances only when a run's FlowFiles are committed.");

    private final String displayName;
    private final String description;

    DateRangeMode(final String displayName, final String description) {
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
