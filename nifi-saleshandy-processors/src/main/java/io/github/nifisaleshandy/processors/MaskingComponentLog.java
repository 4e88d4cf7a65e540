package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.SecretMask;
import org.apache.nifi.logging.ComponentLog;

/**
 * A processor's log that masks the API key in every message, argument and exception (its causes included) before NiFi
 * sees it: NiFi turns warnings and errors into bulletins, and logs exceptions with their whole cause chain, so a
 * message from a library, a Record Writer or a server that echoed the key must not reach it as it was.
 */
final class MaskingComponentLog implements ComponentLog {

    private final ComponentLog log;
    private final SecretMask mask;

    MaskingComponentLog(final ComponentLog log, final SecretMask mask) {
        this.log = log;
        this.mask = mask;
    }

    /** {@code text} with the key masked, for what reaches NiFi other than the log: attributes, Verify results. */
    String mask(final String text) {
        return mask.mask(text);
    }

    /** {@code thrown} with the key masked in its messages and its causes' messages. */
    Throwable mask(final Throwable thrown) {
        return MaskedException.of(thrown, mask);
    }

    private Object[] mask(final Object[] arguments) {
        if (arguments == null) {
            return null;
        }
        final Object[] masked = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            masked[i] = maskArgument(arguments[i]);
        }
        return masked;
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
        final String masked = mask.mask(text);
        return masked.equals(text) ? argument : masked;
    }

    @Override
    public void warn(final String msg, final Throwable t) {
        log.warn(mask(msg), mask(t));
    }

    @Override
    public void warn(final String msg, final Object... os) {
        log.warn(mask(msg), mask(os));
    }

    @Override
    public void warn(final String msg) {
        log.warn(mask(msg));
    }

    @Override
    public void trace(final String msg, final Throwable t) {
        log.trace(mask(msg), mask(t));
    }

    @Override
    public void trace(final String msg, final Object... os) {
        log.trace(mask(msg), mask(os));
    }

    @Override
    public void trace(final String msg) {
        log.trace(mask(msg));
    }

    @Override
    public boolean isWarnEnabled() {
        return log.isWarnEnabled();
    }

    @Override
    public boolean isTraceEnabled() {
        return log.isTraceEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return log.isInfoEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return log.isErrorEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public void info(final String msg, final Throwable t) {
        log.info(mask(msg), mask(t));
    }

    @Override
    public void info(final String msg, final Object... os) {
        log.info(mask(msg), mask(os));
    }

    @Override
    public void info(final String msg) {
        log.info(mask(msg));
    }

    @Override
    public String getName() {
        return log.getName();
    }

    @Override
    public void error(final String msg, final Throwable t) {
        log.error(mask(msg), mask(t));
    }

    @Override
    public void error(final String msg, final Object... os) {
        log.error(mask(msg), mask(os));
    }

    @Override
    public void error(final String msg) {
        log.error(mask(msg));
    }

    @Override
    public void debug(final String msg, final Throwable t) {
        log.debug(mask(msg), mask(t));
    }

    @Override
    public void debug(final String msg, final Object... os) {
        log.debug(mask(msg), mask(os));
    }

    @Override
    public void debug(final String msg) {
        log.debug(mask(msg));
    }
}
