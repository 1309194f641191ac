package dev.slotstream.gossip;

import static dev.slotstream.gossip.GossipKafkaIntegrationTest.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.testing.RandomData;
import dev.slotstream.gossip.testing.ContainerInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gossip pipeline against a standalone Kafka broker in a container (the broker the deployment
 * runs, from its image), not the in-process one: topics declared with their size limits, every
 * message type published and consumed, malformed and rejected records dead-lettered, and the size
 * limits enforced by the broker and by the consumer. Skipped, with the reason, without a Docker
 * engine or the Kafka image (see {@link ContainerInfrastructure}).
 */
@SpringBootTest(
    classes = GossipTestApplication.class,
    properties = {
      "slotstream.gossip.network-prefix=it-container",
      "slotstream.gossip.node-id=node-container",
      "slotstream.gossip.auto-offset-reset=earliest"
    })
@ExtendWith(ContainerInfrastructure.RequiresKafka.class)
class GossipKafkaContainerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", ContainerInfrastructure::kafkaBootstrapServers);
  }

  @Autowired GossipPublisher publisher;
  @Autowired GossipTopics topics;
  @Autowired GossipRejections rejections;
  @Autowired RecordingListeners received;
  @Autowired KafkaAdmin admin;

  private final RandomData random = new RandomData(9090);

  @Test
  void shouldDeclareEveryTopicAndItsDeadLetterTopicWithItsSizeLimitOnTheBroker() throws Exception {
    try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
      assertThat(client.describeCluster().clusterId().get()).isEqualTo("IHI7H4fzS321hnQAHb6Nww");
      for (GossipTopic topic : GossipTopic.values()) {
        for (String name : List.of(topics.name(topic), topics.deadLetter(topic))) {
          ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
          Config config = client.describeConfigs(List.of(resource)).all().get().get(resource);
          assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())
              .as(name)
              .isEqualTo(Integer.toString(GossipLimits.recordLimit(topic)));
        }
      }
    }
  }

  @Test
  void shouldPublishEveryMessageTypeAndConsumeItDecodedAndEqual() {
    Tx tx = random.tx();
    BlockProposal block = random.blockProposal(3, true);
    CheckpointProposal checkpoint = random.checkpointProposal(2, true);
    CheckpointAttestation attestation = random.attestation();
    CheckpointQuorum quorum = random.quorum(4, 3);

    publisher.publishTx(tx).join();
    publisher.publishBlockProposal(block).join();
    publisher.publishCheckpointProposal(checkpoint).join();
    publisher.publishAttestation(attestation).join();
    Instant quorumCheckedAt = Instant.now().minusSeconds(60);
    publisher.publishQuorum(quorum, quorumCheckedAt).join();

    await().atMost(TIMEOUT).until(() -> values(received.txs).contains(tx));
    await().atMost(TIMEOUT).until(() -> values(received.blocks).contains(block));
    await().atMost(TIMEOUT).until(() -> values(received.checkpoints).contains(checkpoint));
    await().atMost(TIMEOUT).until(() -> values(received.attestations).contains(attestation));
    await().atMost(TIMEOUT).until(() -> values(received.quorums).contains(quorum));
    ConsumerRecord<byte[], BlockProposal> record =
        received.blocks.stream().filter(r -> r.value().equals(block)).findFirst().orElseThrow();
    assertThat(record.key()).isEqualTo(GossipKeys.slot(block.slotNumber()));
    assertThat(header(record, GossipHeaders.ORIGIN_NODE)).isEqualTo("node-container");
    // Nodes judge a quorum's window at its timestamp: the instant the publisher checked it at.
    assertThat(
            received.quorums.stream()
                .filter(r -> r.value().equals(quorum))
                .findFirst()
                .orElseThrow()
                .timestamp())
        .isEqualTo(quorumCheckedAt.toEpochMilli());
  }

  @Test
  void shouldDeadLetterMalformedAndRejectedRecordsAndDeliverTheRecordsBehindThem() {
    String attestations = topics.checkpointAttestation();
    byte[] junk = random.bytes(41);
    BlockProposal invalid = random.blockProposal(1, false);
    received.rejectBlockIds.add(invalid.id());
    double decodeBefore = rejections.rejectedCount(attestations, RejectReason.DECODE);

    try (KafkaProducer<byte[], byte[]> producer = producer("none")) {
      producer.send(new ProducerRecord<>(attestations, random.bytes(8), junk)).get();
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(e);
    }
    publisher.publishBlockProposal(invalid).join();
    CheckpointAttestation attestation = random.attestation();
    BlockProposal next = random.blockProposal(1, false);
    publisher.publishAttestation(attestation).join();
    publisher.publishBlockProposal(next).join();

    await().atMost(TIMEOUT).until(() -> values(received.attestations).contains(attestation));
    await().atMost(TIMEOUT).until(() -> values(received.blocks).contains(next));
    ConsumerRecord<byte[], byte[]> undecodable = awaitDeadLetter(attestations, "DECODE");
    assertThat(undecodable.value()).isEqualTo(junk);
    assertThat(header(undecodable, GossipHeaders.REJECTED_BY)).isEqualTo("node-container");
    ConsumerRecord<byte[], byte[]> rejected =
        awaitDeadLetter(topics.blockProposal(), "WRONG_PROPOSER");
    assertThat(rejected.value()).isEqualTo(invalid.encode());
    assertThat(values(received.blocks)).doesNotContain(invalid);
    assertThat(rejections.rejectedCount(attestations, RejectReason.DECODE))
        .isEqualTo(decodeBefore + 1);
  }

  @Test
  void shouldRefuseAtTheBrokerATxRecordOverTheTopicsLimit() {
    byte[] value = new byte[GossipLimits.recordLimit(GossipTopic.TX) + 1];
    try (KafkaProducer<byte[], byte[]> producer = producer("none")) {
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topics.tx(), value)).get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(RecordTooLargeException.class);
    }
  }

  @Test
  void shouldRejectATxOverTheProtocolLimitThatTheTopicCarriesAndDeadLetterItsPrefix()
      throws Exception {
    String topic = topics.tx();
    double before = rejections.rejectedCount(topic, RejectReason.OVERSIZED);
    byte[] value = random.bytes(ProtocolLimits.MAX_TX_BYTES + 1);
    try (KafkaProducer<byte[], byte[]> producer = producer("none")) {
      producer.send(new ProducerRecord<>(topic, random.bytes(8), value)).get();
    }
    Tx next = random.tx();
    publisher.publishTx(next).join();

    await().atMost(TIMEOUT).until(() -> values(received.txs).contains(next));
    ConsumerRecord<byte[], byte[]> deadLetter = awaitDeadLetter(topic, "OVERSIZED");
    assertThat(deadLetter.value())
        .isEqualTo(Arrays.copyOf(value, GossipLimits.DEAD_LETTER_PREFIX_BYTES));
    assertThat(header(deadLetter, GossipHeaders.ORIGINAL_SIZE))
        .isEqualTo(Integer.toString(value.length));
    assertThat(rejections.rejectedCount(topic, RejectReason.OVERSIZED)).isEqualTo(before + 1);
  }

  private ConsumerRecord<byte[], byte[]> awaitDeadLetter(String topic, String reason) {
    String deadLetterTopic = topics.deadLetterOf(topic);
    return await()
        .atMost(TIMEOUT)
        .until(
            () ->
                received.deadLetters.stream()
                    .filter(r -> r.topic().equals(deadLetterTopic))
                    .filter(r -> reason.equals(header(r, GossipHeaders.REJECT_REASON)))
                    .reduce((first, second) -> second),
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  /** A producer that ignores the gossip size limits, as a hostile or misconfigured one would. */
  private static KafkaProducer<byte[], byte[]> producer(String compression) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ContainerInfrastructure.kafkaBootstrapServers(),
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            32 * 1024 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            compression),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static <T> List<T> values(List<ConsumerRecord<byte[], T>> records) {
    return records.stream().map(ConsumerRecord::value).toList();
  }
}
