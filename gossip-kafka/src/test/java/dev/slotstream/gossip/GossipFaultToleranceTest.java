package dev.slotstream.gossip;

import static dev.slotstream.gossip.GossipKafkaIntegrationTest.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.testing.RandomData;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Hostile gossip over the real broker: oversized records, junk bursts and tombstones are each
 * rejected once, counted, dead-lettered, and the record behind them is delivered.
 */
@SpringBootTest(
    classes = GossipTestApplication.class,
    properties = {
      "slotstream.gossip.network-prefix=it-faults",
      "slotstream.gossip.node-id=node-faults",
      "slotstream.gossip.auto-offset-reset=earliest"
    })
@ExtendWith(GossipTestInfrastructure.class)
// Raw producer sends are flushed; what they did is read back on the consumer side.
@SuppressWarnings("FutureReturnValueIgnored")
class GossipFaultToleranceTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    GossipTestInfrastructure.registerKafka(registry);
  }

  @Autowired GossipPublisher publisher;
  @Autowired GossipTopics topics;
  @Autowired GossipRejections rejections;
  @Autowired RecordingListeners received;
  @Autowired KafkaAdmin admin;

  private final RandomData random = new RandomData(8);
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private KafkaProducer<byte[], byte[]> hostile;

  @BeforeEach
  void capture() {
    log.start();
    root().addAppender(log);
    hostile = hostileProducer();
  }

  @AfterEach
  void release() {
    root().detachAppender(log);
    hostile.close();
  }

  @Test
  void shouldDeclareEachTopicAndItsDeadLetterTopicWithTheTopicsOneSizeLimit() throws Exception {
    try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
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
    assertThat(GossipLimits.valueLimit(GossipTopic.TX)).isEqualTo(ProtocolLimits.MAX_TX_BYTES);
    assertThat(GossipLimits.largestRecordLimit())
        .isGreaterThan(ProtocolLimits.MAX_MESSAGE_BYTES)
        .isEqualTo(GossipLimits.recordLimit(GossipTopic.BLOCK_PROPOSAL));
  }

  @Test
  void shouldRefuseAtTheBrokerATxRecordOverTheTxTopicsLimit() {
    // The size that halted a live tx topic: the broker's default limit let it through.
    byte[] value = new byte[1_048_400];
    assertThatThrownBy(() -> hostile.send(new ProducerRecord<>(topics.tx(), value)).get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(RecordTooLargeException.class);
  }

  @Test
  void shouldRejectAGzipBombOnTheAttestationTopicOnceAndDeliverTheNextAttestation() {
    String topic = topics.checkpointAttestation();
    double before = rejections.rejectedCount(topic, RejectReason.OVERSIZED);
    // 10 MiB of zeros compress to a few KiB: the broker takes it, the consumer sees 10 MiB.
    byte[] bomb = new byte[ProtocolLimits.MAX_MESSAGE_BYTES];
    bomb[0] = 4;
    sendHostile(topic, bomb, "gzip");
    CheckpointAttestation next = random.attestation();
    publisher.publishAttestation(next).join();

    await().atMost(TIMEOUT).until(() -> values(received.attestations).contains(next));
    ConsumerRecord<byte[], byte[]> deadLetter = awaitDeadLetter(topic, "OVERSIZED");
    assertThat(deadLetter.value()).hasSize(GossipLimits.DEAD_LETTER_PREFIX_BYTES);
    assertThat(deadLetter.value()[0]).isEqualTo((byte) 4);
    assertThat(header(deadLetter, GossipHeaders.ORIGINAL_SIZE))
        .isEqualTo(Integer.toString(bomb.length));
    assertThat(header(deadLetter, GossipHeaders.REJECT_DETAIL)).contains("10485760 bytes");
    assertThat(rejections.rejectedCount(topic, RejectReason.OVERSIZED)).isEqualTo(before + 1);
    assertThat(rejectionLines(topic, "reason=OVERSIZED")).hasSize(1);
  }

  @Test
  void shouldRejectATxOverTheProtocolLimitThatTheTopicStillCarries() {
    String topic = topics.tx();
    double before = rejections.rejectedCount(topic, RejectReason.OVERSIZED);
    byte[] value = random.bytes(ProtocolLimits.MAX_TX_BYTES + 1);
    sendHostile(topic, value, "none");
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

  @Test
  void shouldCountEveryOneOfAThousandJunkRecordsAndDeliverTheValidOneBehindThem() {
    String topic = topics.blockProposal();
    double before = rejections.rejectedCount(topic, RejectReason.DECODE);
    for (int i = 0; i < 1000; i++) {
      hostile.send(new ProducerRecord<>(topic, random.bytes(8), random.bytes(100)));
    }
    hostile.flush();
    BlockProposal valid = random.blockProposal(1, false);
    publisher.publishBlockProposal(valid).join();

    await().atMost(TIMEOUT).until(() -> values(received.blocks).contains(valid));
    // The junk precedes the valid record in the partition, so all of it was rejected already.
    assertThat(rejections.rejectedCount(topic, RejectReason.DECODE)).isEqualTo(before + 1000);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                received.deadLetters.stream()
                        .filter(r -> r.topic().equals(topics.deadLetterOf(topic)))
                        .count()
                    >= 1000);
  }

  @Test
  void shouldRetryAFailingListenerTwiceThenRejectItAndDeliverTheNextRecord() {
    String topic = topics.blockProposal();
    double before = rejections.rejectedCount(topic, RejectReason.LISTENER_ERROR);
    BlockProposal failing = random.blockProposal(1, false);
    BlockProposal next = random.blockProposal(1, false);
    received.failBlockIds.add(failing.id());

    publisher.publishBlockProposal(failing).join();
    publisher.publishBlockProposal(next).join();

    await().atMost(TIMEOUT).until(() -> values(received.blocks).contains(next));
    assertThat(received.failedAttempts.get(failing.id())).isEqualTo(3);
    assertThat(rejections.rejectedCount(topic, RejectReason.LISTENER_ERROR)).isEqualTo(before + 1);
    assertThat(header(awaitDeadLetter(topic, "LISTENER_ERROR"), GossipHeaders.REJECT_DETAIL))
        .isEqualTo("IllegalStateException: test: listener bug");
  }

  @Test
  void shouldRejectATombstoneOnEveryTopicAsDecodeWithOneLogLineAndNoStackTrace() {
    Map<GossipTopic, Supplier<Object>> next =
        Map.of(
            GossipTopic.TX, () -> publishAndGet(random.tx(), publisher::publishTx),
            GossipTopic.BLOCK_PROPOSAL,
                () ->
                    publishAndGet(random.blockProposal(1, false), publisher::publishBlockProposal),
            GossipTopic.CHECKPOINT_PROPOSAL,
                () ->
                    publishAndGet(
                        random.checkpointProposal(0, false), publisher::publishCheckpointProposal),
            GossipTopic.CHECKPOINT_ATTESTATION,
                () -> publishAndGet(random.attestation(), publisher::publishAttestation),
            GossipTopic.CHECKPOINT_QUORUM,
                () ->
                    publishAndGet(
                        random.quorum(4, 3), q -> publisher.publishQuorum(q, Instant.now())));
    for (GossipTopic topic : GossipTopic.values()) {
      String name = topics.name(topic);
      double before = rejections.rejectedCount(name, RejectReason.DECODE);
      hostile.send(new ProducerRecord<>(name, random.bytes(8), null));
      hostile.flush();
      Object valid = next.get(topic).get();

      await().atMost(TIMEOUT).until(() -> receivedOn(topic).contains(valid));
      assertThat(rejections.rejectedCount(name, RejectReason.DECODE))
          .as(name)
          .isEqualTo(before + 1);
      ConsumerRecord<byte[], byte[]> deadLetter = awaitDeadLetter(name, "DECODE");
      assertThat(deadLetter.value()).isNull();
      assertThat(header(deadLetter, GossipHeaders.REJECT_DETAIL))
          .isEqualTo(topic.topicType().kind() + ": null value (tombstone)");
      List<ILoggingEvent> lines = rejectionLines(name, "tombstone");
      assertThat(lines).as(name).hasSize(1);
      assertThat(lines.get(0).getLevel()).isEqualTo(Level.WARN);
      assertThat(lines.get(0).getThrowableProxy()).isNull();
    }
    assertThat(log.list).noneMatch(e -> e.getLevel() == Level.ERROR);
  }

  private <M> Object publishAndGet(
      M message,
      java.util.function.Function<M, java.util.concurrent.CompletableFuture<?>> publish) {
    publish.apply(message).join();
    return message;
  }

  private List<?> receivedOn(GossipTopic topic) {
    return switch (topic) {
      case TX -> values(received.txs);
      case BLOCK_PROPOSAL -> values(received.blocks);
      case CHECKPOINT_PROPOSAL -> values(received.checkpoints);
      case CHECKPOINT_ATTESTATION -> values(received.attestations);
      case CHECKPOINT_QUORUM -> values(received.quorums);
    };
  }

  private void sendHostile(String topic, byte[] value, String compression) {
    try (KafkaProducer<byte[], byte[]> producer = hostileProducer(compression)) {
      producer.send(new ProducerRecord<>(topic, random.bytes(8), value)).get();
    } catch (Exception e) {
      throw new AssertionError("the broker refused the hostile record", e);
    }
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

  private List<ILoggingEvent> rejectionLines(String topic, String containing) {
    return log.list.stream()
        .filter(e -> e.getLoggerName().equals(GossipRejections.class.getName()))
        .filter(e -> e.getFormattedMessage().contains("topic=" + topic + " "))
        .filter(e -> e.getFormattedMessage().contains(containing))
        .toList();
  }

  private static KafkaProducer<byte[], byte[]> hostileProducer() {
    return hostileProducer("none");
  }

  /** A producer that ignores the gossip size limit, as a hostile or misconfigured one would. */
  private static KafkaProducer<byte[], byte[]> hostileProducer(String compression) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            GossipTestInfrastructure.kafkaBootstrapServers(),
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            32 * 1024 * 1024,
            ProducerConfig.BUFFER_MEMORY_CONFIG,
            64L * 1024 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            compression,
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static <T> List<T> values(List<ConsumerRecord<byte[], T>> records) {
    return records.stream().map(ConsumerRecord::value).toList();
  }
}
