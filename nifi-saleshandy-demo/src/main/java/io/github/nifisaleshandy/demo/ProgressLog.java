package io.github.nifisaleshandy.demo;

import java.io.PrintWriter;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockComponentLog;
import org.slf4j.helpers.MessageFormatter;

/**
 * The processor's log as the terminal sees it: one progress line per fetched page, warnings as they happen.
 */
final class ProgressLog extends MockComponentLog {

    private static final String PAGE_FETCHED = "Fetched page ";

    private final PrintWriter out;
    private final long startedNanos = System.nanoTime();

    ProgressLog(final PrintWriter out, final Object component) {
        super(component.getClass().getSimpleName(), component);
        this.out = out;
    }

    @Override
    public void debug(final String message, final Object... arguments) {
        super.debug(message, arguments);
        if (message.startsWith(PAGE_FETCHED) && arguments.length == 5) {
            out.printf("page %s (%s to %s): %s records, %s so far, %.1f s%n", arguments[0], arguments[1], arguments[2], arguments[3], arguments[4],
                    (System.nanoTime() - startedNanos) / 1e9);
            out.flush();
        }
    }

    @Override
    public void warn(final String message, final Object... arguments) {
        super.warn(message, arguments);
        out.println("warning: " + format(message, arguments));
        out.flush();
    }

    @Override
    public void warn(final String message) {
        super.warn(message);
        out.println("warning: " + message);
        out.flush();
    }

    /**
     * A logged error as one line for the terminal: without the component and id that nifi-mock puts before it, and without
     * the exception that NiFi would log with its stack trace, whose message the line already quotes.
     */
    static String withoutComponentAndCause(final LogMessage message) {
        final Object[] arguments = message.getArgs();
        final String line = format(message.getMsg(), arguments);
        final Object last = arguments.length == 0 ? null : arguments[arguments.length - 1];
        final String withoutCause = last instanceof Throwable cause && line.endsWith(": " + cause)
                ? line.substring(0, line.length() - cause.toString().length() - 2)
                : line;
        return withoutCause.replaceFirst("^\\w+\\[id=[^\\]]*\\] ", "");
    }

    static String format(final String message, final Object... arguments) {
        return MessageFormatter.arrayFormat(message, arguments).getMessage();
    }
}
