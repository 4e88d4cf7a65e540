package io.github.nifisaleshandy.processors;

import org.apache.nifi.processor.Relationship;

/**
 * The relationships of the stats processors.
 */
public final class StatsRelationships {

    public static final Relationship SUCCESS = new Relationship.Builder()
            .name("success")
            .description("One FlowFile per page of records, emitted only when every page of the run was fetched")
            .build();

    public static final Relationship ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("The incoming FlowFile, after its run succeeded")
            .build();

    public static final Relationship FAILURE = new Relationship.Builder()
            .name("failure")
            .description("The incoming FlowFile, penalized, when its run failed or its attributes gave invalid values; "
                    + "saleshandy.error.message says why")
            .build();

    private StatsRelationships() {
    }
}
