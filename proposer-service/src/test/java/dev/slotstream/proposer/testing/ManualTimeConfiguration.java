package dev.slotstream.proposer.testing;

import dev.slotstream.core.duty.CallerRunsExecutorService;
import dev.slotstream.core.duty.ManualDutyScheduler;
import dev.slotstream.gossip.testing.ManualClockConfiguration;
import java.util.concurrent.ExecutorService;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Puts the proposer on a controlled clock: a manual clock and duty scheduler starting at
 * {@code test.clock.start}, and a job executor that runs each task in the calling thread (the
 * auto-configurations back off). Time moves only when a test calls {@link
 * ManualDutyScheduler#advanceTo}, and everything due on the way — slot starts, sub-slot builds, the
 * checkpoint, the broadcasts (which wait for the broker's ack) — runs in that call, at its exact
 * instant. So nothing depends on how fast the machine is; Kafka and the REST API stay real.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(ManualClockConfiguration.class)
public class ManualTimeConfiguration {
  public static final String START_PROPERTY = ManualClockConfiguration.START_PROPERTY;

  @Bean(name = "slotstreamJobExecutor", destroyMethod = "shutdownNow")
  public ExecutorService slotstreamJobExecutor() {
    return new CallerRunsExecutorService();
  }
}
