package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.client.SaleshandyAccount;
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
 * opened is closed, so that it (and its threads and calls) does not leak.
 */
class RunnerOpeningTest {

    @Test
    void aStatsRunnerWhoseBuildingFailsAfterOpeningClosesItsConnection() {
        final TestRunner runner = StatsRunners.withoutServer(StatsRunners.NOW, new RecordingSleeper());
        final FailingRead context = new FailingRead(runner.getProcessContext(), SaleshandyProperties.RECORD_FORMAT, account(runner));
        assertThrows(IllegalStateException.class, () -> StatsRunner.open(context, StatsRunners.NOW, runner.getLogger(), "test"));

        assertClosedAfterFailing(context);
    }

    @Test
    void aSequenceListRunnerWhoseBuildingFailsAfterOpeningClosesItsConnection() {
        final TestRunner runner = TestRunners.newTestRunner(new ListSaleshandySequences(StatsRunners.NOW));
        StatsRunners.connect(runner, StatsRunners.NOW, new RecordingSleeper());

        final FailingRead context = new FailingRead(runner.getProcessContext(), SaleshandyProperties.SEQUENCE_MAX_PAGES, account(runner));
        assertThrows(IllegalStateException.class, () -> SequenceListRunner.open(context, StatsRunners.NOW, runner.getLogger(), "test"));

        assertClosedAfterFailing(context);
    }

    private static void assertClosedAfterFailing(final FailingRead context) {
        assertTrue(context.openWhenFailing.get(), "the connection was open when the later step failed, so closing it is what this test checks");
        assertFalse(context.account.openConnections() > 0, "the connection was closed");
    }

    private static SaleshandyAccount account(final TestRunner runner) {
        return StatsRunners.connection(runner).account();
    }

    /** The properties of a runner, one of which cannot be read: a step of building that throws. */
    private static final class FailingRead implements PropertyContext {

        private final PropertyContext properties;
        private final PropertyDescriptor failing;
        private final SaleshandyAccount account;
        private final AtomicBoolean openWhenFailing = new AtomicBoolean();

        FailingRead(final PropertyContext properties, final PropertyDescriptor failing, final SaleshandyAccount account) {
            this.properties = properties;
            this.failing = failing;
            this.account = account;
        }

        @Override
        public PropertyValue getProperty(final PropertyDescriptor descriptor) {
            if (descriptor.equals(failing)) {
                openWhenFailing.set(account.openConnections() == 1);
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
