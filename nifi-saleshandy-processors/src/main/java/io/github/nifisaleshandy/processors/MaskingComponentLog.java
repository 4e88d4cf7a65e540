package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.service.SaleshandyConnectionService;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.exception.ProcessException;

/**
 * A processor's log that masks the API key ({@link SaleshandyConnectionService#mask}) in every message, argument and
 * exception (its causes included) before NiFi sees it: NiFi turns warnings and errors into bulletins, and logs exceptions
 * with their whole cause chain, so a message from a library, a Record Writer or a server that echoed the key must not
 * reach it as it was.
 */
final class MaskingComponentLog implements ComponentLog {

    private final ComponentLog log;
    private final UnaryOperator<String> mask;

    /** {@code service} may be null (none named, or not enabled): then nothing is masked, since there is no key to show. */
    MaskingComponentLog(final ComponentLog log, final SaleshandyConnectionService service) {
        this.log = log;
        this.mask = service == null ? UnaryOperator.identity() : service::mask;
    }

    /** {@code text} with the key masked, for what reaches NiFi other than the log: attributes, Verify results. */
    String mask(final String text) {
        return text == null ? null : mask.apply(text);
    }

    /** {@code thrown} itself when no message of its chain shows the key, else a masked copy of the whole chain. */
    Throwable mask(final Throwable thrown) {
        if (thrown == null || !showsSecret(thrown, new IdentityHashMap<>())) {
            return thrown;
        }
        return copy(thrown, new IdentityHashMap<>());
    }

    private boolean showsSecret(final Throwable thrown, final Map<Throwable, Boolean> seen) {
        if (seen.put(thrown, Boolean.TRUE) != null) {
            return false;
        }
        final String text = thrown.toString();
        if (!mask(text).equals(text)) {
            return true;
        }
        for (final Throwable suppressed : thrown.getSuppressed()) {
            if (showsSecret(suppressed, seen)) {
                return true;
            }
        }
        return thrown.getCause() != null && showsSecret(thrown.getCause(), seen);
    }

    private MaskedException copy(final Throwable thrown, final Map<Throwable, MaskedException> copies) {
        final MaskedException known = copies.get(thrown);
        if (known != null) {
            return known;
        }
        final MaskedException copy = new MaskedException(thrown, mask(thrown.getMessage()));
        copies.put(thrown, copy);
        if (thrown.getCause() != null) {
            final MaskedException cause = copy(thrown.getCause(), copies);
            if (cause != copy) {
                copy.initCause(cause);
            }
        }
        for (final Throwable suppressed : thrown.getSuppressed()) {
            copy.addSuppressed(copy(suppressed, copies));
        }
        return copy;
    }

    private Object[] mask(final Object[] arguments) {
        return arguments == null ? null : Arrays.stream(arguments).map(this::maskArgument).toArray();
    }

    private Object maskArgument(final Object argument) {
        if (argument instanceof Throwable thrown) {
            return mask(thrown);
        }
        if (argument == null) {
            return null;
        }
        // Only a changed text replaces the argument, so formatting of numbers, dates and FlowFiles stays as it was.
        final String text = argument.toString();
        final String masked = mask(text);
        return masked.equals(text) ? argument : masked;
    }

    /**
     * A Throwable that showed the key, as the original would read (class name, stack trace) with masked messages; a
     * ProcessException, so NiFi treats it as the failure of one trigger.
     */
    static final class MaskedException extends ProcessException {

        private final String shownAs;

        private MaskedException(final Throwable original, final String maskedMessage) {
            super(maskedMessage);
            this.shownAs = maskedMessage == null ? original.getClass().getName() : original.getClass().getName() + ": " + maskedMessage;
            setStackTrace(original.getStackTrace());
        }

        @Override
        public String toString() {
            return shownAs;
        }
    }

    // Every message, argument and exception masked on its way to the log it wraps.
    @Override public void warn(final String msg, final Throwable t) { log.warn(mask(msg), mask(t)); }
    @Override public void warn(final String msg, final Object... os) { log.warn(mask(msg), mask(os)); }
    @Override public void warn(final String msg) { log.warn(mask(msg)); }
    @Override public void trace(final String msg, final Throwable t) { log.trace(mask(msg), mask(t)); }
    @Override public void trace(final String msg, final Object... os) { log.trace(mask(msg), mask(os)); }
    @Override public void trace(final String msg) { log.trace(mask(msg)); }
    @Override public void info(final String msg, final Throwable t) { log.info(mask(msg), mask(t)); }
    @Override public void info(final String msg, final Object... os) { log.info(mask(msg), mask(os)); }
    @Override public void info(final String msg) { log.info(mask(msg)); }
    @Override public void error(final String msg, final Throwable t) { log.error(mask(msg), mask(t)); }
    @Override public void error(final String msg, final Object... os) { log.error(mask(msg), mask(os)); }
    @Override public void error(final String msg) { log.error(mask(msg)); }
    @Override public void debug(final String msg, final Throwable t) { log.debug(mask(msg), mask(t)); }
    @Override public void debug(final String msg, final Object... os) { log.debug(mask(msg), mask(os)); }
    @Override public void debug(final String msg) { log.debug(mask(msg)); }
    @Override public boolean isWarnEnabled() { return log.isWarnEnabled(); }
    @Override public boolean isTraceEnabled() { return log.isTraceEnabled(); }
    @Override public boolean isInfoEnabled() { return log.isInfoEnabled(); }
    @Override public boolean isErrorEnabled() { return log.isErrorEnabled(); }
    @Override public boolean isDebugEnabled() { return log.isDebugEnabled(); }
    @Override public String getName() { return log.getName(); }
}
