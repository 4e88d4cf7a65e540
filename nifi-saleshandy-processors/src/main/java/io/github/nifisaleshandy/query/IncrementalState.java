package io.github.nifisaleshandy.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Incremental mode remembers between runs, as stored in NiFi's cluster state: the last day a successful run covered,
 * and a fingerprint of the properties that define the query, so that changing them starts again from the initial date.
 */
public record IncrementalState(LocalDate lastEndDate, String queryFingerprint) {

    public static final String LAST_END_DATE_KEY = "last.end.date";
    public static final String QUERY_FINGERPRINT_KEY = "query.fingerprint";

    public Map<String, String> toMap() {
        return Map.of(LAST_END_DATE_KEY, lastEndDate.toString(), QUERY_FINGERPRINT_KEY, queryFingerprint);
    }

    /** The state stored for this very query, if any; state left by a differently configured query is ignored. */
    public static Optional<IncrementalState> forQuery(final Map<String, String> stored, final String queryFingerprint) {
        final String lastEnd = stored.get(LAST_END_DATE_KEY);
        if (lastEnd == null || !queryFingerprint.equals(stored.get(QUERY_FINGERPRINT_KEY))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new IncrementalState(LocalDate.parse(lastEnd), queryFingerprint));
        } catch (final DateTimeParseException corrupt) {
            return Optional.empty();
        }
    }

    /**
     * A stable digest of the values that define what an incremental query fetches. Every sequence of the account counts
     * as one value, not as the IDs a run listed, so that a new sequence continues the position instead of restarting it.
     */
    public static String fingerprint(final String baseUrl, final DateRangeMode mode, final SequenceSelection sequences, final LocalDate initialStart) {
        final String identity = String.join("\n", baseUrl, mode.name(), String.join(",", sequences.fingerprintIds()), initialStart.toString());
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
