package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.testing.RandomData;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
    classes = GossipTestApplication.class,
    properties = {
      "slotstream.gossip.network-prefix=it-main",
      "slotstream.gossip.node-id=node-main",
      "slotstream.gossip.auto-offset-reset=earliest"
    })
@ExtendWith(GossipTestInfrastructure.class)
class GossipKafkaIntegrationTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    GossipTestInfrastructure.registerKafka(registry);
  }

  @Autowired GossipPublisher publisher;
  @Autowired GossipTopics topics;
  @Autowired GossipRejections rejections;
  @Autowired RecordingListeners received;
  @Autowired KafkaAdmin admin;
  @Autowired MeterRegistry meters;

  @Autowired
  @Qualifier(GossipAutoConfiguration.TEMPLATE)
  KafkaTemplate<byte[], Object> rawTemplate;

  @Autowired
  @Qualifier(GossipAutoConfiguration.TX_TEMPLATE)
  KafkaTemplate<byte[], Object> txTemplate;

  private final RandomData random = new RandomData(4242);

  @Test
  void shouldDeclareEveryGossipTopicAndItsDeadLetterTopic() {
    Map<String, TopicDescription> described =
        admin.describeTopics(topics.all().toArray(String[]::new));
    assertThat(described).containsKeys(topics.checkpointQuorum(), topics.blockProposal());
    assertThat(admin.describeTopics(topics.allDeadLetters().toArray(String[]::new)))
        .containsKey("it-main.checkpoint_quorum.DLT")
        .containsKey("it-main.block_proposal.DLT")
        .hasSize(5);
    assertThat(described.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(1));
  }

  @Test
  void shouldPublishEveryMessageTypeAndConsumeItDecodedAndEqual() {
    Tx tx = random.tx();
    BlockProposal block = random.blockProposal(3, true);
    CheckpointProposal checkpoint = random.checkpointProposal(2, true);
    CheckpointAttestation attestation = random.attestation();

    publisher.publishTx(tx).join();
    publisher.publishBlockProposal(block).join();
    publisher.publishCheckpointProposal(checkpoint).join();
    publisher.publishAttestation(attestation).join();

    await().atMost(TIMEOUT).until(() -> values(received.txs).contains(tx));
    await().atMost(TIMEOUT).until(() -> values(received.blocks).contains(block));
    await().atMost(TIMEOUT).until(() -> values(received.checkpoints).contains(checkpoint));
    await().atMost(TIMEOUT).until(() -> values(received.attestations).contains(attestation));

    ConsumerRecord<byte[], BlockProposal> blockRecord = find(received.blocks, block).orElseThrow();
    assertThat(blockRecord.key()).isEqualTo(GossipKeys.slot(block.slotNumber()));
    assertThat(header(blockRecord, GossipHeaders.ORIGIN_NODE)).isEqualTo("node-main");
    assertThat(find(received.txs, tx).orElseThrow().key())
        .isEqualTo(tx.payload().sender().toArray());
    for (String topic :
        List.of(topics.tx(), topics.blockProposal(), topics.checkpointAttestation())) {
      assertThat(meters.get(GossipDelayTimer.METRIC).tag("topic", topic).timer().count())
          .as("records timed on %s", topic)
          .isPositive();
    }
  }

  @Test
  void shouldDeadLetterMalformedRecordsOnEveryTopicAndKeepConsuming() {
    Tx tx = random.tx();
    BlockProposal block = random.blockProposal(1, true);
    byte[] truncatedCheckpoint = Arrays.copyOf(random.checkpointProposal(1, true).encode(), 100);
    List<Malformed> cases =
        List.of(
            new Malformed(topics.tx(), random.bytes(57)),
            new Malformed(
                topics.blockProposal(), tx.encode()), // a valid encoding of the wrong kind
            new Malformed(topics.checkpointProposal(), truncatedCheckpoint),
            new Malformed(topics.checkpointAttestation(), random.bytes(3)),
            new Malformed(topics.checkpointAttestation(), null)); // a tombstone
    Map<String, Long> expectedPerTopic =
        cases.stream().collect(Collectors.groupingBy(Malformed::topic, Collectors.counting()));
    Map<String, Double> before =
        expectedPerTopic.keySet().stream()
            .collect(
                Collectors.toMap(t -> t, t -> rejections.rejectedCount(t, RejectReason.DECODE)));

    for (Malformed bad : cases) {
      rawTemplate.send(bad.topic(), random.bytes(8), bad.value()).join();
    }
    // Valid records queued behind the bad ones on each (single-partition) topic.
    CheckpointProposal checkpoint = random.checkpointProposal(0, false);
    CheckpointAttestation attestation = random.attestation();
    publisher.publishTx(tx).join();
    publisher.publishBlockProposal(block).join();
    publisher.publishCheckpointProposal(checkpoint).join();
    publisher.publishAttestation(attestation).join();

    await().atMost(TIMEOUT).until(() -> values(received.txs).contains(tx));
    await().atMost(TIMEOUT).until(() -> values(received.blocks).contains(block));
    await().atMost(TIMEOUT).until(() -> values(received.checkpoints).contains(checkpoint));
    await().atMost(TIMEOUT).until(() -> values(received.attestations).contains(attestation));

    for (Malformed bad : cases) {
      String dlt = topics.deadLetterOf(bad.topic());
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(received.deadLetters)
                      .anySatisfy(
                          r -> {
                            assertThat(r.topic()).isEqualTo(dlt);
                            assertThat(r.value()).isEqualTo(bad.value());
                            assertThat(header(r, GossipHeaders.REJECT_REASON)).isEqualTo("DECODE");
                            assertThat(header(r, GossipHeaders.REJECT_DETAIL)).isNotBlank();
                            assertThat(header(r, GossipHeaders.REJECTED_BY)).isEqualTo("node-main");
                          }));
    }
    expectedPerTopic.forEach(
        (topic, n) ->
            await()
                .atMost(TIMEOUT)
                .until(
                    () ->
                        rejections.rejectedCount(topic, RejectReason.DECODE)
                            == before.get(topic) + n));
  }

  @Test
  void shouldDeadLetterARecordItsListenerRejectsAsInvalidWithoutRetrying() {
    BlockProposal invalid = random.blockProposal(2, false);
    BlockProposal next = random.blockProposal(2, false);
    received.rejectBlockIds.add(invalid.id());
    double before = rejections.rejectedCount(topics.blockProposal(), RejectReason.WRONG_PROPOSER);

    publisher.publishBlockProposal(invalid).join();
    publisher.publishBlockProposal(next).join();

    await().atMost(TIMEOUT).until(() -> values(received.blocks).contains(next));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(received.deadLetters)
                    .anySatisfy(
                        r -> {
                          assertThat(r.topic())
                              .isEqualTo(topics.deadLetter(GossipTopic.BLOCK_PROPOSAL));
                          assertThat(r.value()).isEqualTo(invalid.encode());
                          assertThat(r.key()).isEqualTo(GossipKeys.slot(invalid.slotNumber()));
                          assertThat(header(r, GossipHeaders.REJECT_REASON))
                              .isEqualTo("WRONG_PROPOSER");
                          assertThat(header(r, GossipHeaders.REJECT_DETAIL))
                              .isEqualTo("test: not the slot's proposer");
                        }));
    assertThat(values(received.blocks)).doesNotContain(invalid);
    assertThat(rejections.rejectedCount(topics.blockProposal(), RejectReason.WRONG_PROPOSER))
        .isEqualTo(before + 1);
  }

  @Test
  void shouldDeadLetterAndCountAMessageAServiceRejectsOutsideItsListener() {
    CheckpointAttestation attestation = random.attestation();
    String topic = topics.checkpointAttestation();
    double before = rejections.rejectedCount(topic, RejectReason.NOT_IN_COMMITTEE);

    rejections
        .reject(
            GossipTopic.CHECKPOINT_ATTESTATION,
            attestation,
            RejectReason.NOT_IN_COMMITTEE,
            "attester 0xab")
        .join();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(received.deadLetters)
                    .anySatisfy(
                        r -> {
                          assertThat(r.value()).isEqualTo(attestation.encode());
                          assertThat(header(r, GossipHeaders.REJECT_REASON))
                              .isEqualTo("NOT_IN_COMMITTEE");
                        }));
    assertThat(rejections.rejectedCount(topic, RejectReason.NOT_IN_COMMITTEE))
        .isEqualTo(before + 1);
  }

  @Test
  void shouldSendTxsOnAProducerOfTheirOwnAndConsensusMessagesOnTheOther() {
    publisher.publishAttestation(random.attestation()).join();
    publisher.publishTx(random.tx()).join();
    double consensusBefore = sentRecords(rawTemplate);
    double txBefore = sentRecords(txTemplate);

    publisher.publishTx(random.tx()).join();
    publisher.publishTx(random.tx()).join();
    publisher.publishBlockProposal(random.blockProposal(1, true)).join();

    assertThat(sentRecords(txTemplate) - txBefore).isEqualTo(2.0);
    assertThat(sentRecords(rawTemplate) - consensusBefore).isEqualTo(1.0);
    assertThat(clientId(txTemplate)).isEqualTo("node-main-gossip-tx");
    assertThat(clientId(rawTemplate)).isEqualTo("node-main-gossip");
    // The factory numbers its producers: client.id is the configured one plus "-1".
    for (String client : List.of("node-main-gossip-1", "node-main-gossip-tx-1")) {
      assertThat(meters.find("kafka.producer.request.latency.avg").tag("client.id", client).gauge())
          .as("%s's request latency as a meter", client)
          .isNotNull();
    }
    assertThat(meters.find("kafka.consumer.fetch.manager.fetch.latency.avg").gauges())
        .as("the listeners' consumers' fetch latency as meters")
        .isNotEmpty();
  }

  /** The producer's own count of records it sent (and the broker acknowledged). */
  private static double sentRecords(KafkaTemplate<byte[], Object> template) {
    return template.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("record-send-total"))
        .filter(e -> e.getKey().group().equals("producer-metrics"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  private static Object clientId(KafkaTemplate<byte[], Object> template) {
    return template
        .getProducerFactory()
        .getConfigurationProperties()
        .get(ProducerConfig.CLIENT_ID_CONFIG);
  }

  private record Malformed(String topic, byte[] value) {}

  private static <T> List<T> values(List<ConsumerRecord<byte[], T>> records) {
    return records.stream().map(ConsumerRecord::value).toList();
  }

  private static <T> Optional<ConsumerRecord<byte[], T>> find(
      List<ConsumerRecord<byte[], T>> records, T value) {
    return records.stream().filter(r -> r.value().equals(value)).findFirst();
  }

  static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
