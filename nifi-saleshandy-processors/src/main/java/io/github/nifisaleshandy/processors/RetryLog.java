package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.Retrier;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import java.time.Duration;
import org.apache.nifi.logging.ComponentLog;

/**
 * Tells the user, as a warning, why a run is slow: each retry and its wait.
 */
record RetryLog(ComponentLog logger) implements Retrier.Listener {

    @Override
    public void retrying(final SaleshandyApiException failure, final int retry, final Duration wait) {
        if (retry == 0) {
            logger.warn("{} while other requests were in flight; fewer are sent at once from now on, and this one is sent again in {} ms "
                    + "(not counted against Max Retries)", failure.getMessage(), wait.toMillis());
        } else {
            logger.warn("{}; retry {} in {} ms", failure.getMessage(), retry, wait.toMillis());
        }
    }
}
