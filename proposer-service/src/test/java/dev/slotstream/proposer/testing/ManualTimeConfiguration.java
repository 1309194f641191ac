package dev.slotstream.proposer.testing;

import dev.slotstream.core.duty.ManualDutyScheduler;
import dev.slotstream.gossip.testing.ManualClockConfiguration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
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

  /** Runs every task at once in the thread that submits it. */
  static final class CallerRunsExecutorService extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable task) {
      task.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
