package dev.slotstream.core.duty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
  private static final Runnable NOTHING = () -> {};

  @Test
  void namedThreadsAreDaemonsAndAllCarryTheName() {
    ThreadFactory factory = DaemonThreads.named("slotstream-broadcast");

    Thread first = factory.newThread(NOTHING);
    Thread second = factory.newThread(NOTHING);

    assertThat(first.isDaemon()).isTrue();
    assertThat(first.getName()).isEqualTo("slotstream-broadcast");
    assertThat(second.getName()).isEqualTo("slotstream-broadcast");
  }

  @Test
  void numberedThreadsCountFromOneForEachFactory() {
    ThreadFactory jobs = DaemonThreads.numbered("slotstream-job");
    ThreadFactory rpc = DaemonThreads.numbered("l1-rpc");

    assertThat(jobs.newThread(NOTHING).getName()).isEqualTo("slotstream-job-1");
    Thread second = jobs.newThread(NOTHING);
    assertThat(second.getName()).isEqualTo("slotstream-job-2");
    assertThat(second.isDaemon()).isTrue();
    assertThat(rpc.newThread(NOTHING).getName()).isEqualTo("l1-rpc-1");
  }

  @Test
  void numberedThreadsCarryTheirPriority() {
    ThreadFactory jobs = DaemonThreads.numbered("slotstream-job", Thread.MIN_PRIORITY);

    Thread job = jobs.newThread(NOTHING);

    assertThat(job.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
    assertThat(job.getName()).isEqualTo("slotstream-job-1");
    assertThat(job.isDaemon()).isTrue();
    assertThat(DaemonThreads.numbered("l1-rpc").newThread(NOTHING).getPriority())
        .isEqualTo(Thread.NORM_PRIORITY);
  }

  @Test
  void aThreadMadeByALowPriorityThreadDoesNotInheritItsPriority() throws Exception {
    Thread[] made = new Thread[1];
    Thread low =
        DaemonThreads.numbered("slotstream-job", Thread.MIN_PRIORITY)
            .newThread(
                () -> made[0] = DaemonThreads.named("slotstream-broadcast").newThread(NOTHING));

    low.start();
    low.join();

    assertThat(made[0].getPriority()).isEqualTo(Thread.NORM_PRIORITY);
  }

  @Test
  void aPriorityOutsideJavasRangeIsRefused() {
    assertThatThrownBy(() -> DaemonThreads.numbered("slotstream-job", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside 1..10");
    assertThatThrownBy(() -> DaemonThreads.numbered("slotstream-job", 11))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
