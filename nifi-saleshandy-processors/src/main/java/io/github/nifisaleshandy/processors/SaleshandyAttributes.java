package io.github.nifisaleshandy.processors;

/** The FlowFile attributes the Saleshandy processors write, and the error types of {@link #ERROR_TYPE}. */
public final class SaleshandyAttributes {

    public static final String PAGE_NUMBER = "saleshandy.page.number";
    public static final String SEQUENCE_IDS = "saleshandy.sequence.ids";
    public static final String START_DATE = "saleshandy.start.date";
    public static final String END_DATE = "saleshandy.end.date";
    public static final String ERROR_MESSAGE = "saleshandy.error.message";
    public static final String ERROR_TYPE = "saleshandy.error.type";
    public static final String UNPARSED_COUNT = "saleshandy.unparsed.count";

    /** An {@link #ERROR_TYPE}: a property or attribute gave a value that breaks a rule. */
    public static final String INVALID_CONFIGURATION = "INVALID_CONFIGURATION";
    /** An {@link #ERROR_TYPE}: the Record Writer failed. The others are {@link io.github.nifisaleshandy.service.Failure} names. */
    public static final String OUTPUT_FAILED = "OUTPUT_FAILED";

    private SaleshandyAttributes() {
    }
}
