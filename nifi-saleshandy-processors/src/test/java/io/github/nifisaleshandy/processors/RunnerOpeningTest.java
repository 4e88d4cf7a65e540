package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.client.RateLimitGates;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.PropertyValue;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

/**
 * A runner opens its connection to Saleshandy and then builds the rest; when a later step throws, the connection just
 * opened is closed, so that its hold on the account's rate-limit gate (and its threads and pool) does not leak.
 */
class RunnerOpeningTest {

    /** A Base URL of these tests alone, so that the shared gate registry shows their connections only. */
    private static final String BASE_URL = "http://127.0.0.1:9/runner-opening-test/";

    @Test
    void aStatsRunnerWhoseBuildingFailsAfterOpeningClosesItsConnection() {
        final TestRunner runner = StatsRunners.withoutServer(StatsRunners.NOW, new RecordingSleeper());
        runner.setProperty(SaleshandyProperties.BASE_URL, BASE_URL);

        final FailingRead context = new FailingRead(runner.getProcessContext(), SaleshandyProperties.RECORD_FORMAT);
        assertThrows(IllegalStateException.class, () -> StatsRunner.open(context, StatsRunners.NOW, new RecordingSleeper(), runner.getLogger(), "test"));

        assertClosedAfterFailing(context);
    }

    @Test
    void aSequenceListRunnerWhoseBuildingFailsAfterOpeningClosesItsConnection() {
        final TestRunner runner = TestRunners.newTestRunner(new ListSaleshandySequences(StatsRunners.NOW, new RecordingSleeper()));
        runner.setProperty(SaleshandyProperties.BASE_URL, BASE_URL);
        runner.setProperty(SaleshandyProperties.API_KEY, StatsRunners.KEY);

        final FailingRead context = new FailingRead(runner.getProcessContext(), SaleshandyProperties.SEQUENCE_MAX_PAGES);
        assertThrows(IllegalStateException.class,
                () -> SequenceListRunner.open(context, StatsRunners.NOW, new RecordingSleeper(), runner.getLogger(), "test"));

        assertClosedAfterFailing(context);
    }

    private static void assertClosedAfterFailing(final FailingRead context) {
        assertTrue(context.openWhenFailing.get(), "the connection was open when the later step failed, so closing it is what this test checks");
        assertFalse(heldByThisTest(), "the connection was closed");
    }

    private static boolean heldByThisTest() {
        return RateLimitGates.SHARED.accounts().stream().anyMatch(account -> account.baseUrl().equals(BASE_URL));
    }

    /** The properties of a runner, one of which cannot be read: a step of building that throws. */
    private static final class FailingRead implements PropertyContext {

        private final PropertyContext properties;
        private final PropertyDescriptor failing;
        private final AtomicBoolean openWhenFailing = new AtomicBoolean();

        FailingRead(final PropertyContext properties, final PropertyDescriptor failing) {
            this.properties = properties;
            this.failing = failing;
        }

        @Override
        public PropertyValue getProperty(final PropertyDescriptor descriptor) {
            if (descriptor.equals(failing)) {
                openWhenFailing.set(heldByThisTest());
                throw new IllegalStateException("cannot read " + descriptor.getName());
            }
            return properties.getProperty(descriptor);
        }

        @Override
        public Map<String, String> getAllProperties() {
            return properties.getAllProperties();
        }
    }
}
