package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.testing.RandomData;
import dev.slotstream.gossip.DeadLetterPublisher.Failure;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A dead-letter topic that refuses every copy: rejections are still counted and nothing stalls. */
@SpringBootTest(
    classes = GossipTestApplication.class,
    properties = {
      "slotstream.gossip.network-prefix=it-dlt-down",
      "slotstream.gossip.node-id=node-dlt-down",
      "slotstream.gossip.auto-offset-reset=earliest"
    })
@ExtendWith(GossipTestInfrastructure.class)
// Raw producer sends are flushed; what they did is read back on the consumer side.
@SuppressWarnings("FutureReturnValueIgnored")
class DeadLetterFailureTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int JUNK = 20;

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    GossipTestInfrastructure.registerKafka(registry);
  }

  @Autowired GossipPublisher publisher;
  @Autowired GossipTopics topics;
  @Autowired GossipRejections rejections;
  @Autowired DeadLetterPublisher deadLetters;
  @Autowired RecordingListeners received;
  @Autowired KafkaAdmin admin;

  private final RandomData random = new RandomData(9);

  @Test
  void shouldCountJunkWhoseDeadLetterCopyTheTopicRefusesAndDeliverTheNextRecord() throws Exception {
    String topic = topics.checkpointAttestation();
    shrinkMaxMessageBytes(topics.deadLetterOf(topic), 1024);
    double rejectedBefore = rejections.rejectedCount(topic, RejectReason.DECODE);

    try (KafkaProducer<byte[], byte[]> producer = rawProducer()) {
      for (int i = 0; i < JUNK; i++) {
        // Undecodable, within the attestation limit, too large for the shrunken dead-letter topic.
        producer.send(new ProducerRecord<>(topic, random.bytes(8), random.bytes(3000)));
      }
      producer.flush();
    }
    CheckpointAttestation next = random.attestation();
    publisher.publishAttestation(next).join();

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                received.attestations.stream().map(ConsumerRecord::value).toList().contains(next));
    assertThat(rejections.rejectedCount(topic, RejectReason.DECODE))
        .isEqualTo(rejectedBefore + JUNK);
    // The broker refuses each copy: the producer gives up on it (too large, or after splitting
    // batches until its delivery timeout) and the publisher counts it once.
    await().atMost(TIMEOUT).until(() -> failed(topic) == JUNK);
    // Each junk record was rejected exactly once: a failed copy is not retried or redelivered.
    assertThat(rejections.rejectedCount(topic, RejectReason.DECODE))
        .isEqualTo(rejectedBefore + JUNK);
    assertThat(received.deadLetters).noneMatch(r -> r.topic().equals(topics.deadLetterOf(topic)));
  }

  private double failed(String topic) {
    return Arrays.stream(Failure.values())
        .mapToDouble(f -> deadLetters.failedCount(topic, f))
        .sum();
  }

  private void shrinkMaxMessageBytes(String topic, int bytes) throws Exception {
    try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      AlterConfigOp set =
          new AlterConfigOp(
              new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes)),
              AlterConfigOp.OpType.SET);
      client.incrementalAlterConfigs(Map.of(resource, List.of(set))).all().get();
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  client
                      .describeConfigs(List.of(resource))
                      .all()
                      .get()
                      .get(resource)
                      .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                      .value()
                      .equals(Integer.toString(bytes)));
    }
  }

  private static KafkaProducer<byte[], byte[]> rawProducer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            GossipTestInfrastructure.kafkaBootstrapServers()),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }
}
