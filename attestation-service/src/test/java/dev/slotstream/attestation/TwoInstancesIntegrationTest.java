package dev.slotstream.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.attestation.finality.LatestFinalCheckpoint;
import dev.slotstream.attestation.testing.TestClock;
import dev.slotstream.attestation.testing.TopicReader;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.testing.AttestationFixtures;
import dev.slotstream.core.testing.AttestationFixtures.Checkpoint;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipKeys;
import dev.slotstream.gossip.GossipPublisher;
import dev.slotstream.gossip.GossipTopics;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Two service instances, each in its own consumer group (so both see every attestation), sharing
 * one Redis: each checkpoint's quorum is emitted once.
 */
class TwoInstancesIntegrationTest {
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  static final AttestationFixtures FIXTURES = new AttestationFixtures(91);
  static final SlotNumber FIRST_SLOT = SlotNumber.of(20);
  static final TestClock CLOCK = new TestClock(FIXTURES.inside(FIRST_SLOT));
  static final List<ConfigurableApplicationContext> INSTANCES = new ArrayList<>();

  @BeforeAll
  static void startTwoInstances() {
    for (String name : List.of("a", "b")) {
      String[] args =
          Stream.concat(
                  Stream.of(AttestationFixtures.NETWORK_PROPERTIES),
                  Stream.of(
                      "spring.kafka.bootstrap-servers="
                          + GossipTestInfrastructure.kafkaBootstrapServers(),
                      "spring.data.redis.host=" + GossipTestInfrastructure.redisHost(),
                      "spring.data.redis.port=" + GossipTestInfrastructure.redisPort(),
                      "slotstream.gossip.network-prefix=it-two",
                      "slotstream.gossip.node-id=two-" + name,
                      "slotstream.gossip.auto-offset-reset=earliest",
                      "slotstream.attestation.consumer-group=two-" + name,
                      "slotstream.attestation.redis-key-prefix=it-two"))
              .map(p -> "--" + p)
              .toArray(String[]::new);
      INSTANCES.add(
          new SpringApplicationBuilder(AttestationApplication.class)
              .web(WebApplicationType.NONE)
              .initializers(ctx -> ctx.getBeanFactory().registerSingleton("clock", (Clock) CLOCK))
              .run(args));
    }
    // Each instance must read the other's quorums before the race starts: one that has not yet
    // been assigned the quorum topic knows no latest final checkpoint beyond its own and withholds.
    for (ConfigurableApplicationContext instance : INSTANCES) {
      KafkaListenerEndpointRegistry registry =
          instance.getBean(KafkaListenerEndpointRegistry.class);
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  registry.getListenerContainers().stream()
                      .allMatch(
                          c ->
                              c.getAssignedPartitions() != null
                                  && !c.getAssignedPartitions().isEmpty()));
    }
  }

  @AfterAll
  static void stop() {
    INSTANCES.forEach(ConfigurableApplicationContext::close);
  }

  private static double processed(ConfigurableApplicationContext instance) {
    MeterRegistry meters = instance.getBean(MeterRegistry.class);
    return Stream.of("accepted", "duplicate")
        .map(n -> meters.find("slotstream.attestation." + n).counter())
        .mapToDouble(c -> c == null ? 0 : c.count())
        .sum();
  }

  @Test
  void shouldEmitOneQuorumPerCheckpointWhenTwoInstancesRace() {
    GossipPublisher publisher = INSTANCES.get(0).getBean(GossipPublisher.class);
    GossipTopics topics = INSTANCES.get(0).getBean(GossipTopics.class);
    int slots = 3;
    Checkpoint parent = null;
    for (int s = 0; s < slots; s++) {
      SlotNumber slot = SlotNumber.of(FIRST_SLOT.value() + s);
      CLOCK.set(FIXTURES.inside(slot));
      // Each on the one before: a checkpoint is certified only on the latest final one.
      Checkpoint cp =
          parent == null ? FIXTURES.checkpoint(slot) : FIXTURES.checkpointOn(parent, slot);
      parent = cp;
      for (SigningKey key : FIXTURES.keys()) {
        publisher.publishAttestation(FIXTURES.attest(cp, key)).join();
      }
      double expected = 4.0 * (s + 1);
      // Both instances processed all four (one as accepted, the other mostly as duplicates).
      await()
          .atMost(TIMEOUT)
          .until(() -> INSTANCES.stream().allMatch(i -> processed(i) >= expected));
      // As between real slots (seconds apart), both instances read the slot's quorum, whichever
      // emitted it, before the next slot's attestations: the next checkpoint's parent is then final
      // for both.
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  INSTANCES.stream()
                      .allMatch(
                          i ->
                              i.getBean(LatestFinalCheckpoint.class)
                                  .latest()
                                  .filter(f -> f.slot().equals(slot))
                                  .isPresent()));
    }
    try (TopicReader reader = new TopicReader(topics.checkpointQuorum())) {
      await().atMost(TIMEOUT).until(() -> reader.poll().size() >= slots);
      await()
          .during(Duration.ofMillis(500))
          .atMost(TIMEOUT)
          .until(() -> reader.poll().size() == slots);
      List<SlotNumber> quorumSlots =
          reader.poll().stream().map(r -> CheckpointQuorum.decode(r.value()).slotNumber()).toList();
      assertThat(quorumSlots)
          .containsExactlyInAnyOrder(SlotNumber.of(20), SlotNumber.of(21), SlotNumber.of(22));
      assertThat(reader.poll())
          .allSatisfy(r -> assertThat(GossipKeys.slotOf(r.key()).value()).isBetween(20L, 22L));
    }
  }
}
