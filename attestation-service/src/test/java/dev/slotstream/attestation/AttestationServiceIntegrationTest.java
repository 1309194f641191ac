package dev.slotstream.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.attestation.testing.ServiceFixture;
import dev.slotstream.attestation.testing.TestClock;
import dev.slotstream.attestation.testing.TopicReader;
import dev.slotstream.core.attestation.AttestationPool;
import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.testing.AttestationFixtures;
import dev.slotstream.core.testing.AttestationFixtures.Checkpoint;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipAutoConfiguration;
import dev.slotstream.gossip.GossipHeaders;
import dev.slotstream.gossip.GossipKeys;
import dev.slotstream.gossip.GossipPublisher;
import dev.slotstream.gossip.GossipRejections;
import dev.slotstream.gossip.GossipTopics;
import dev.slotstream.gossip.RejectReason;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service end to end against the in-process Kafka broker and a real Redis. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "slotstream.gossip.network-prefix=it-att",
      "slotstream.gossip.node-id=att-it",
      "slotstream.gossip.auto-offset-reset=earliest",
      "slotstream.attestation.consumer-group=att-it",
      "slotstream.attestation.redis-key-prefix=it-att"
    })
// In slot order: a quorum is emitted only for a checkpoint on the latest final one.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Tracing as the running service has it (Boot turns it off in tests unless asked).
@AutoConfigureObservability(metrics = false)
class AttestationServiceIntegrationTest {
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  static final AttestationFixtures FIXTURES = new AttestationFixtures(77);
  static final TestClock CLOCK = new TestClock(FIXTURES.inside(SlotNumber.of(10)));
  static TopicReader quorums;
  static TopicReader deadLetters;

  /** Slot 10's checkpoint, final once the first test ran: slot 12's is built on it. */
  static Checkpoint slot10;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    GossipTestInfrastructure.registerAll(registry);
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
  @Autowired GossipRejections rejections;
  @Autowired AttestationPool pool;
  @Autowired MeterRegistry meters;
  @Autowired ObservationRegistry observations;
  @Autowired Tracer tracer;

  @Autowired
  @Qualifier(GossipAutoConfiguration.TEMPLATE)
  KafkaTemplate<byte[], Object> rawTemplate;

  @BeforeAll
  static void readers() {
    GossipTestInfrastructure.kafkaBootstrapServers();
  }

  @AfterAll
  static void closeReaders() {
    if (quorums != null) quorums.close();
    if (deadLetters != null) deadLetters.close();
  }

  private synchronized TopicReader quorums() {
    if (quorums == null) quorums = new TopicReader(topics.checkpointQuorum());
    return quorums;
  }

  private synchronized TopicReader deadLetters() {
    if (deadLetters == null)
      deadLetters = new TopicReader(topics.deadLetterOf(topics.checkpointAttestation()));
    return deadLetters;
  }

  private List<CheckpointQuorum> quorumsOf(SlotNumber slot) {
    return ServiceFixture.quorumsOf(quorums(), slot);
  }

  private double counter(String name) {
    return ServiceFixture.counter(meters, name);
  }

  private double rejected(dev.slotstream.core.consensus.RejectionReason reason) {
    var c = meters.find("slotstream.attestation.rejected").tag("reason", reason.name()).counter();
    return c == null ? 0 : c.count();
  }

  private void publish(CheckpointAttestation attestation) {
    publisher.publishAttestation(attestation).join();
  }

  @Test
  @Order(1)
  void shouldEmitExactlyOneQuorumInCommitteeOrderWhenThreeOfFourAttest() {
    SlotNumber slot = SlotNumber.of(10);
    CLOCK.set(FIXTURES.inside(slot));
    Checkpoint cp = FIXTURES.checkpoint(slot);
    slot10 = cp;
    Committee committee = FIXTURES.committee(slot);
    // Attest in reverse committee order, so the quorum has to be re-ordered.
    List<SigningKey> signers =
        IntStream.of(3, 1, 0)
            .mapToObj(
                i ->
                    FIXTURES.keys().stream()
                        .filter(k -> k.address().equals(committee.get(i)))
                        .findFirst()
                        .orElseThrow())
            .toList();
    // The validators attest in the trace of the checkpoint proposal (one trace, as in the network).
    String traceId =
        Observation.createNotStarted("test.checkpoint", observations)
            .observe(
                () -> {
                  signers.forEach(k -> publish(FIXTURES.attest(cp, k)));
                  return tracer.currentSpan().context().traceId();
                });

    await().atMost(TIMEOUT).until(() -> quorumsOf(slot).size() == 1);
    CheckpointQuorum quorum = quorumsOf(slot).get(0);
    // The quorum is published while the completing attestation is handled: in its trace.
    assertThat(
            quorums().poll().stream()
                .filter(r -> GossipKeys.slotOf(r.key()).equals(slot))
                .map(r -> r.headers().lastHeader("traceparent"))
                .findFirst()
                .map(h -> new String(h.value(), StandardCharsets.UTF_8)))
        .hasValueSatisfying(t -> assertThat(t).startsWith("00-" + traceId + "-"));
    assertThat(quorum.payload()).isEqualTo(cp.payload());
    assertThat(quorum.committeeSize()).isEqualTo(4);
    assertThat(quorum.committeePositions()).containsExactly(0, 1, 3);
    assertThat(quorum.attestations())
        .extracting(a -> FIXTURES.signer().recoverAttester(a).orElseThrow())
        .containsExactly(committee.get(0), committee.get(1), committee.get(3));

    // The fourth attestation is counted but does not emit again.
    publish(
        FIXTURES.attest(
            cp,
            FIXTURES.keys().stream()
                .filter(k -> k.address().equals(committee.get(2)))
                .findFirst()
                .orElseThrow()));
    await().atMost(TIMEOUT).until(() -> pool.attestations(slot).size() == 4);
    await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> quorumsOf(slot).size() == 1);
    assertThat(counter("quorum.emitted")).isGreaterThanOrEqualTo(1);
    assertThat(meters.find("slotstream.attestation.quorum.latency").timer().count())
        .isGreaterThanOrEqualTo(1);
    assertThat(meters.find("slotstream.tx.step").tag("step", "quorum").timer().count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  @Order(2)
  void shouldIgnoreDuplicates() {
    SlotNumber slot = SlotNumber.of(11);
    CLOCK.set(FIXTURES.inside(slot));
    Checkpoint cp = FIXTURES.checkpoint(slot);
    CheckpointAttestation a = FIXTURES.attest(cp, FIXTURES.keys().get(0));
    double duplicatesBefore = counter("duplicate");
    publish(a);
    publish(a);
    publish(a);
    await().atMost(TIMEOUT).until(() -> counter("duplicate") >= duplicatesBefore + 2);
    assertThat(pool.attestations(slot)).hasSize(1);
    assertThat(quorumsOf(slot)).isEmpty();
  }

  @Test
  @Order(3)
  void shouldKeepAnEquivocatingSecondAttestationAsEvidenceWithoutCountingItTwice() {
    SlotNumber slot = SlotNumber.of(12);
    CLOCK.set(FIXTURES.inside(slot));
    Checkpoint honest =
        slot10 == null ? FIXTURES.checkpoint(slot) : FIXTURES.checkpointOn(slot10, slot);
    Checkpoint conflicting = FIXTURES.checkpoint(slot);
    SigningKey equivocator = FIXTURES.keys().get(0);
    double equivocationsBefore = counter("equivocation");
    publish(FIXTURES.attest(honest, equivocator));
    publish(FIXTURES.attest(conflicting, equivocator));
    publish(FIXTURES.attest(conflicting, equivocator)); // the evidence again: reported once
    publish(FIXTURES.attest(honest, FIXTURES.keys().get(1)));

    await().atMost(TIMEOUT).until(() -> pool.attestations(slot).size() == 2);
    await().atMost(TIMEOUT).until(() -> pool.evidence(slot).size() == 1);
    assertThat(pool.evidence(slot).get(0).signer()).isEqualTo(equivocator.address());
    assertThat(counter("equivocation")).isEqualTo(equivocationsBefore + 1);
    // Two distinct signers on the honest checkpoint: no quorum (3 needed), the equivocator counts
    // once.
    await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> quorumsOf(slot).isEmpty());

    publish(FIXTURES.attest(honest, FIXTURES.keys().get(2)));
    await().atMost(TIMEOUT).until(() -> quorumsOf(slot).size() == 1);
    assertThat(quorumsOf(slot).get(0).attestations()).hasSize(3);
  }

  @Test
  @Order(4)
  void shouldDeadLetterInvalidAttestationsWithTheirReasonAndKeepConsuming() {
    SlotNumber slot = SlotNumber.of(13);
    CLOCK.set(FIXTURES.inside(slot));
    String topic = topics.checkpointAttestation();
    double notInCommittee =
        rejected(dev.slotstream.core.consensus.RejectionReason.NOT_IN_COMMITTEE);
    double wrongProposer = rejected(dev.slotstream.core.consensus.RejectionReason.WRONG_PROPOSER);
    double gossipDecode = rejections.rejectedCount(topic, RejectReason.DECODE);

    Checkpoint cp = FIXTURES.checkpoint(slot);
    CheckpointAttestation outsider = FIXTURES.attest(cp, SigningKey.fromSeed("outsider"));
    Checkpoint badProposer = FIXTURES.checkpoint(slot, FIXTURES.network().nonProposerKey(slot));
    CheckpointAttestation wrongProposerAttestation =
        FIXTURES.attest(badProposer, FIXTURES.keys().get(0));
    byte[] malformed = "not an attestation".getBytes(StandardCharsets.UTF_8);

    publish(outsider);
    publish(wrongProposerAttestation);
    rawTemplate.send(topic, GossipKeys.slot(slot), malformed).join();
    CheckpointAttestation valid = FIXTURES.attest(cp, FIXTURES.keys().get(1));
    publish(valid);

    await().atMost(TIMEOUT).until(() -> pool.attestations(slot).size() == 1);
    assertThat(pool.attestations(slot).get(0).attestation()).isEqualTo(valid);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                reasons(slot).containsAll(List.of("NOT_IN_COMMITTEE", "WRONG_PROPOSER", "DECODE")));
    assertThat(rejected(dev.slotstream.core.consensus.RejectionReason.NOT_IN_COMMITTEE))
        .isEqualTo(notInCommittee + 1);
    assertThat(rejected(dev.slotstream.core.consensus.RejectionReason.WRONG_PROPOSER))
        .isEqualTo(wrongProposer + 1);
    assertThat(rejections.rejectedCount(topic, RejectReason.NOT_IN_COMMITTEE))
        .isGreaterThanOrEqualTo(1);
    assertThat(rejections.rejectedCount(topic, RejectReason.DECODE)).isEqualTo(gossipDecode + 1);
  }

  private List<String> reasons(SlotNumber slot) {
    return deadLetters().poll().stream()
        .filter(
            r -> r.key() != null && r.key().length == 8 && GossipKeys.slotOf(r.key()).equals(slot))
        .map(AttestationServiceIntegrationTest::reason)
        .toList();
  }

  private static String reason(ConsumerRecord<byte[], byte[]> record) {
    var header = record.headers().lastHeader(GossipHeaders.REJECT_REASON);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }
}
