package dev.slotstream.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.attestation.ingest.OutageTolerantAggregator;
import dev.slotstream.attestation.testing.ServiceFixture;
import dev.slotstream.attestation.testing.TestClock;
import dev.slotstream.attestation.testing.TopicReader;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.testing.AttestationFixtures;
import dev.slotstream.core.testing.AttestationFixtures.Checkpoint;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipPublisher;
import dev.slotstream.gossip.GossipTopics;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import dev.slotstream.localinfra.LocalRedis;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service over the in-process broker and a Redis of its own that the test stops and restarts:
 * attestations keep being pooled (in memory) while Redis is away, a quorum reachable in the slot is
 * emitted once, the buffer is replayed when Redis is back (stale attestations skipped), and a
 * checkpoint that does not extend the latest final one is never certified.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "slotstream.gossip.network-prefix=it-outage",
      "slotstream.gossip.node-id=outage-it",
      "slotstream.gossip.auto-offset-reset=earliest",
      "slotstream.attestation.consumer-group=outage-it",
      "slotstream.attestation.redis-key-prefix=it-outage",
      "slotstream.attestation.outage-probe-interval=100ms",
      "spring.data.redis.timeout=500ms",
      // The buffer is under test here, not the circuit breaker: it never opens.
      "resilience4j.circuitbreaker.instances.redis.sliding-window-size=1000",
      "resilience4j.circuitbreaker.instances.redis.minimum-number-of-calls=1000"
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisOutageIntegrationTest {
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  static final AttestationFixtures FIXTURES = new AttestationFixtures(91);
  static final TestClock CLOCK = new TestClock(FIXTURES.inside(SlotNumber.of(30)));
  static final LocalRedis REDIS = LocalRedis.start(tempDir());
  static TopicReader quorums;
  static Checkpoint slot30;
  static Checkpoint slot31;

  private static java.nio.file.Path tempDir() {
    try {
      return java.nio.file.Files.createTempDirectory("outage-it-redis");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    GossipTestInfrastructure.registerKafka(registry);
    registry.add("spring.data.redis.host", REDIS::host);
    registry.add("spring.data.redis.port", REDIS::port);
    ServiceFixture.registerNetwork(registry);
  }

  @TestConfiguration
  static class FixedClock {
    @Bean
    Clock clock() {
      return CLOCK;
    }
  }

  @Autowired GossipPublisher publisher;
  @Autowired GossipTopics topics;
  @Autowired OutageTolerantAggregator aggregator;
  @Autowired MeterRegistry meters;
  @Autowired org.springframework.data.redis.core.StringRedisTemplate redis;

  /** Until the service's own Redis connection answers again. */
  private void awaitRedisConnection() {
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(
            () ->
                "PONG"
                    .equals(
                        redis.execute(
                            (org.springframework.data.redis.core.RedisCallback<String>)
                                c -> c.ping())));
  }

  @AfterAll
  static void stop() {
    if (quorums != null) {
      quorums.close();
    }
    REDIS.close();
  }

  private List<CheckpointQuorum> quorumsOf(SlotNumber slot) {
    if (quorums == null) {
      quorums = new TopicReader(topics.checkpointQuorum());
    }
    return ServiceFixture.quorumsOf(quorums, slot);
  }

  private double counter(String name) {
    return ServiceFixture.counter(meters, name);
  }

  private void attest(Checkpoint cp, int... keys) {
    for (int k : keys) {
      publisher.publishAttestation(FIXTURES.attest(cp, FIXTURES.keys().get(k))).join();
    }
  }

  @Test
  @Order(1)
  void shouldEmitAQuorumOnceFromMemoryWhileRedisIsDown() {
    SlotNumber slot = SlotNumber.of(30);
    CLOCK.set(FIXTURES.inside(slot));
    slot30 = FIXTURES.checkpoint(slot);
    REDIS.stop();
    double pooledBefore = counter("pooled.locally");

    attest(slot30, 0, 1, 2);

    await().atMost(TIMEOUT).until(() -> quorumsOf(slot).size() == 1);
    assertThat(quorumsOf(slot).get(0).payload()).isEqualTo(slot30.payload());
    assertThat(counter("pooled.locally")).isEqualTo(pooledBefore + 3);
    assertThat(aggregator.isLocal()).isTrue();
    assertThat(aggregator.buffered()).isEqualTo(3);
  }

  @Test
  @Order(2)
  void shouldSkipStaleBufferedAttestationsWhenRedisIsBackAndCompleteAQuorumFromTheReplay() {
    SlotNumber slot = SlotNumber.of(31);
    CLOCK.set(FIXTURES.inside(slot));
    REDIS.restart();
    // Slot 30's buffered attestations are replayed (or skipped once out of their window; a probe
    // blocked on the reconnect may still replay one with its slot-30 clock): never re-emitted.
    await().atMost(TIMEOUT).until(() -> !aggregator.isLocal());
    assertThat(aggregator.buffered()).isZero();
    awaitRedisConnection();
    await()
        .during(Duration.ofMillis(300))
        .atMost(TIMEOUT)
        .until(() -> quorumsOf(SlotNumber.of(30)).size() == 1);

    // Two in Redis, then Redis goes: the third is pooled in memory alone (no quorum there) ...
    slot31 = FIXTURES.checkpointOn(slot30, slot);
    double acceptedBefore = counter("accepted");
    attest(slot31, 0, 1);
    await().atMost(TIMEOUT).until(() -> counter("accepted") == acceptedBefore + 2);
    REDIS.stop();
    attest(slot31, 2);
    await().atMost(TIMEOUT).until(() -> aggregator.buffered() == 1);
    assertThat(quorumsOf(slot)).isEmpty();

    // ... and when Redis is back (with its append-only file) the replay completes the quorum in
    // Redis, emitted once.
    REDIS.restart();
    await().atMost(TIMEOUT).until(() -> quorumsOf(slot).size() == 1);
    attest(slot31, 3);
    await().atMost(TIMEOUT).until(() -> counter("accepted") >= acceptedBefore + 4);
    await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> quorumsOf(slot).size() == 1);
    assertThat(quorumsOf(slot).get(0).attestations()).hasSize(3);
  }

  @Test
  @Order(3)
  void shouldNeverCertifyACheckpointWhoseParentIsNotTheLatestFinalOne() {
    SlotNumber slot = SlotNumber.of(32);
    CLOCK.set(FIXTURES.inside(slot));
    double withheldBefore = counter("quorum.withheld");
    // A proposer that restarted on slot 30's archive (slot 31 is final): three attest, no quorum.
    Checkpoint onStaleParent = FIXTURES.checkpointOn(slot30, slot);
    attest(onStaleParent, 0, 1, 2);
    await().atMost(TIMEOUT).until(() -> counter("quorum.withheld") == withheldBefore + 1);
    assertThat(quorumsOf(slot)).isEmpty();

    // The checkpoint on the latest final one is certified.
    SlotNumber next = SlotNumber.of(33);
    CLOCK.set(FIXTURES.inside(next));
    Checkpoint onLatest = FIXTURES.checkpointOn(slot31, next);
    attest(onLatest, 0, 1, 2);
    await().atMost(TIMEOUT).until(() -> quorumsOf(next).size() == 1);
    assertThat(quorumsOf(next).get(0).payload()).isEqualTo(onLatest.payload());
  }
}
