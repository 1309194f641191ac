package dev.slotstream.validator.testing;

import static org.awaitility.Awaitility.await;

import dev.slotstream.core.duty.ManualDutyScheduler;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationOutcome;
import dev.slotstream.core.validator.ValidatorClient;
import dev.slotstream.node.chain.ProposalGossipListener;
import dev.slotstream.validator.node.RecentOutcomes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.utils.ContainerTestUtils;

/** A running validator node's handles for a test: its manual clock, its client, its outcomes and meters. */
public final class NodeUnderTest {
  public static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final ApplicationContext context;
  public final ManualDutyScheduler clock;
  public final ValidatorClient client;
  public final RecentOutcomes outcomes;
  public final MeterRegistry registry;

  public NodeUnderTest(ApplicationContext context) {
    this.context = context;
    this.clock = context.getBean(ManualDutyScheduler.class);
    this.client = context.getBean(ValidatorClient.class);
    this.outcomes = context.getBean(RecentOutcomes.class);
    this.registry = context.getBean(MeterRegistry.class);
  }

  /** Waits until every gossip listener of the node holds its partition, so nothing published is missed. */
  public NodeUnderTest awaitListenersAssigned() {
    KafkaListenerEndpointRegistry listeners = context.getBean(KafkaListenerEndpointRegistry.class);
    listeners.getListenerContainers().forEach(c -> ContainerTestUtils.waitForAssignment(c, 1));
    return this;
  }

  /** Moves the node's clock forward to {@code t} (never back), running the duties due on the way. */
  public void advanceTo(Instant t) {
    if (t.isAfter(clock.instant())) {
      clock.advanceTo(t);
    } else {
      clock.runDue();
    }
  }

  /**
   * Waits for the slot's job to end. Duties that jobs register from executor threads after the
   * clock was advanced are run here (a manual clock only runs what is due when asked).
   */
  public AttestationOutcome awaitOutcome(SlotNumber slot) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              clock.runDue();
              return outcomes.get(slot).orElse(null);
            },
            o -> o != null);
  }

  public void awaitJobGone(SlotNumber slot) {
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              clock.runDue();
              return client.job(slot).isEmpty();
            });
  }

  public double proposals(String kind, String result) {
    return count(
        Search.in(registry)
            .name(ProposalGossipListener.PROPOSALS)
            .tag("kind", kind)
            .tag("result", result));
  }

  /** Waits until {@code n} more proposals of a kind ended with {@code result} than {@code before}. */
  public void awaitProposals(String kind, String result, double before, int n) {
    await().atMost(TIMEOUT).until(() -> proposals(kind, result) >= before + n);
  }

  public double count(Search search) {
    Counter c = search.counter();
    return c == null ? 0 : c.count();
  }
}
