package io.github.nifisaleshandy.demo;

import java.io.PrintWriter;
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

    static String format(final String message, final Object... arguments) {
        return MessageFormatter.arrayFormat(message, arguments).getMessage();
    }
}
