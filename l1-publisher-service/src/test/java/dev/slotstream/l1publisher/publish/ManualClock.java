package dev.slotstream.l1publisher.publish;

import dev.slotstream.core.duty.ManualDutyScheduler;
import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The node's clock and duty scheduler, moved only by the test (node-support backs off), so windows
 * and deadlines are exact while Kafka, the job executor and L1 stay real.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ManualClock {
  public static final String START_PROPERTY = "test.clock.start";

  @Bean
  ManualDutyScheduler manualDutyScheduler(@Value("${" + START_PROPERTY + "}") String start) {
    return new ManualDutyScheduler(Instant.parse(start));
  }

  @Bean
  Clock testClock(ManualDutyScheduler scheduler) {
    return scheduler.clock();
  }
}
