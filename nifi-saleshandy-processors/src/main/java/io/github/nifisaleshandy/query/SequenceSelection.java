package io.github.nifisaleshandy.query;

import java.util.List;

/**
 * Which sequences a query reports on: the IDs the user gave, or every sequence of the account (only the active ones when
 * {@code activeOnly}), whose IDs a run lists at its start and then holds in {@link #ids()}.
 */
public record SequenceSelection(List<String> ids, boolean everySequence, boolean activeOnly) {

    /**
     * What the Incremental fingerprint takes for every sequence instead of IDs: a sequence created later must not restart
     * the position. Its space keeps it apart from any list of IDs, which never holds whitespace.
     */
    static final String EVERY_SEQUENCE = "all sequences";

    public SequenceSelection {
        ids = List.copyOf(ids);
    }

    public static SequenceSelection given(final List<String> ids) {
        return new SequenceSelection(ids, false, false);
    }

    /** Every sequence of the account, not listed yet. */
    public static SequenceSelection everySequence(final boolean activeOnly) {
        return new SequenceSelection(List.of(), true, activeOnly);
    }

    /** Every sequence of the account, as a run listed it. */
    public SequenceSelection listed(final List<String> listedIds) {
        return new SequenceSelection(listedIds, everySequence, activeOnly);
    }

    /** The IDs the Incremental fingerprint is made of: the given ones, or one constant for every sequence however many there are. */
    List<String> fingerprintIds() {
        return everySequence ? List.of(EVERY_SEQUENCE) : ids;
    }
}
