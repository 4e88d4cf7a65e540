package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.SecretMask;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.nifi.processor.exception.ProcessException;

/**
 * A stand-in for a Throwable whose message, or the message of a cause or suppressed exception, shows the key: the same
 * class name, masked messages and the same stack traces, so that a log or bulletin reads as the original would have,
 * without the key. A ProcessException, so NiFi treats it as the failure of one trigger.
 */
final class MaskedException extends ProcessException {

    private final String shownAs;

    private MaskedException(final Throwable original, final SecretMask mask) {
        super(mask.mask(original.getMessage()));
        this.shownAs = getMessage() == null ? original.getClass().getName() : original.getClass().getName() + ": " + getMessage();
        setStackTrace(original.getStackTrace());
    }

    /** {@code thrown} itself when no message of its chain shows the secret, else a masked copy of the whole chain. */
    static Throwable of(final Throwable thrown, final SecretMask mask) {
        if (thrown == null || !showsSecret(thrown, mask, new IdentityHashMap<>())) {
            return thrown;
        }
        return copy(thrown, mask, new IdentityHashMap<>());
    }

    /** As {@link #of}, typed for rethrowing: {@code thrown} itself when it shows nothing, else its masked copy. */
    static RuntimeException unchecked(final RuntimeException thrown, final SecretMask mask) {
        final Throwable masked = of(thrown, mask);
        return masked == thrown ? thrown : (RuntimeException) masked;
    }

    @Override
    public String toString() {
        return shownAs;
    }

    private static boolean showsSecret(final Throwable thrown, final SecretMask mask, final Map<Throwable, Boolean> seen) {
        if (seen.put(thrown, Boolean.TRUE) != null) {
            return false;
        }
        final String text = thrown.toString();
        if (!mask.mask(text).equals(text)) {
            return true;
        }
        for (final Throwable suppressed : thrown.getSuppressed()) {
            if (showsSecret(suppressed, mask, seen)) {
                return true;
            }
        }
        return thrown.getCause() != null && showsSecret(thrown.getCause(), mask, seen);
    }

    private static MaskedException copy(final Throwable thrown, final SecretMask mask, final Map<Throwable, MaskedException> copies) {
        final MaskedException known = copies.get(thrown);
        if (known != null) {
            return known;
        }
        final MaskedException copy = new MaskedException(thrown, mask);
        copies.put(thrown, copy);
        if (thrown.getCause() != null) {
            final MaskedException cause = copy(thrown.getCause(), mask, copies);
            if (cause != copy) {
                copy.initCause(cause);
            }
        }
        for (final Throwable suppressed : thrown.getSuppressed()) {
            copy.addSuppressed(copy(suppressed, mask, copies));
        }
        return copy;
    }
}
