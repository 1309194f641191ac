package dev.slotstream.gossip.testing;

import dev.slotstream.core.duty.ManualDutyScheduler;
import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Replaces the node's clock and duty scheduler (node-support backs off) with a manual one starting
 * at {@code test.clock.start}: time moves only when a test advances it, so receive windows and
 * deadlines are deterministic while Kafka and the job executor stay real.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ManualClockConfiguration {
  public static final String START_PROPERTY = "test.clock.start";

  @Bean
  public ManualDutyScheduler manualDutyScheduler(@Value("${" + START_PROPERTY + "}") String start) {
    return new ManualDutyScheduler(Instant.parse(start));
  }

  @Bean
  public Clock testClock(ManualDutyScheduler scheduler) {
    return scheduler.clock();
  }
}
