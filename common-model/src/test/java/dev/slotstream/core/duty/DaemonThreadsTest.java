package dev.slotstream.core.duty;

import static org.assertj.core.api.Assertions.assertThat;

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
}
