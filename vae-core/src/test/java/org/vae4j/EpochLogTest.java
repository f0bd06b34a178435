package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The epoch log warns about collapsed latent units once in full, then only when their count changes. */
class EpochLogTest {

    @Test
    void collapseWarningIsGivenOnceAndAgainOnlyWhenTheActiveCountChanges() {
        Logger logger = (Logger) LoggerFactory.getLogger(VaeTrainer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            EpochLog epochLog = new EpochLog(VaeConfig.builder(784, 50).build());
            int[] active = {30, 20, 20, 20, 15, 15};
            for (int epoch = 1; epoch <= active.length; epoch++) {
                epochLog.epochDone(record(epoch, active[epoch - 1]), null);
            }
            List<String> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(2, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("Epoch 2: only 20 of 50 latent units are active")
                    && warnings.get(0).contains("KL per dimension"), warnings.get(0));
            assertEquals("Epoch 5: 15 of 50 latent units are active (was 20)", warnings.get(1));
        } finally {
            logger.detachAppender(appender);
        }
    }

    private static EpochRecord record(int epoch, int activeUnits) {
        double[] kl = new double[50];
        double[] variance = new double[50];
        Arrays.fill(kl, 0, activeUnits, 1.0);
        Arrays.fill(variance, 0, activeUnits, 0.5);
        ElboSummary summary = new ElboSummary(-100, -80, 20);
        return new EpochRecord(epoch, 100L * epoch, summary, null, 1.0, new LatentDiagnostics(kl, variance,
                activeUnits));
    }
}
