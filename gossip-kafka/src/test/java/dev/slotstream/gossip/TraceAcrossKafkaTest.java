package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.testing.RandomData;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Two nodes on the in-process broker, each with Boot's observation and tracing auto-configuration
 * as the services have it: a block proposal published inside an observation on the "proposer" is
 * received by the "validator" in the same trace, so both nodes' log lines carry one trace id in
 * their MDC, even with no trace sampled. The tx topic is not observed: its records carry no trace
 * context.
 */
class TraceAcrossKafkaTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final org.slf4j.Logger PROPOSER_LOG =
      LoggerFactory.getLogger("trace-test.proposer");

  private static final List<ILoggingEvent> logged = new CopyOnWriteArrayList<>();
  private static final AppenderBase<ILoggingEvent> capture =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          event.prepareForDeferredProcessing();
          logged.add(event);
        }
      };

  private static ConfigurableApplicationContext proposer;
  private static ConfigurableApplicationContext validator;

  private final RandomData random = new RandomData(9);

  @BeforeAll
  static void start() {
    proposer = node("trace-proposer").run();
    validator = node("trace-validator").sources(ValidatorLog.class).run();
    // After both start: Boot resets the logging configuration as a context starts.
    capture.start();
    for (String name : List.of("trace-test.proposer", ValidatorLog.NAME)) {
      ((Logger) LoggerFactory.getLogger(name)).addAppender(capture);
    }
  }

  private static SpringApplicationBuilder node(String id) {
    return new SpringApplicationBuilder(GossipTestApplication.class)
        .properties(
            "spring.main.web-application-type=none",
            "spring.kafka.bootstrap-servers=" + GossipTestInfrastructure.kafkaBootstrapServers(),
            "slotstream.gossip.network-prefix=it-trace",
            "slotstream.gossip.node-id=" + id,
            "slotstream.gossip.auto-offset-reset=earliest",
            // Nothing sampled (nothing recorded or exported): the trace context still travels.
            "management.tracing.sampling.probability=0.0");
  }

  @AfterAll
  static void stop() {
    for (ConfigurableApplicationContext ctx :
        new ConfigurableApplicationContext[] {validator, proposer}) {
      if (ctx != null) {
        ctx.close();
      }
    }
    for (String name : List.of("trace-test.proposer", ValidatorLog.NAME)) {
      ((Logger) LoggerFactory.getLogger(name)).detachAppender(capture);
    }
  }

  @Test
  void aBlocksTraceIdIsTheSameInTheProposersAndTheValidatorsLogLines() {
    BlockProposal block = random.blockProposal(2, true);
    GossipPublisher publisher = proposer.getBean(GossipPublisher.class);
    ObservationRegistry observations = proposer.getBean(ObservationRegistry.class);

    Observation.createNotStarted("slotstream.test.broadcast", observations)
        .observe(
            () -> {
              publisher.publishBlockProposal(block).join();
              PROPOSER_LOG.info("broadcast block id={}", block.id());
            });

    ILoggingEvent sent = only("trace-test.proposer", block);
    ILoggingEvent received =
        await()
            .atMost(TIMEOUT)
            .until(() -> find(ValidatorLog.NAME, block), Optional::isPresent)
            .get();
    String traceId = sent.getMDCPropertyMap().get("traceId");
    assertThat(traceId).as("the proposer's line has a trace id").isNotBlank();
    assertThat(received.getMDCPropertyMap()).containsEntry("traceId", traceId);
    assertThat(received.getMDCPropertyMap().get("spanId"))
        .as("the validator's receipt is a span of its own in that trace")
        .isNotBlank()
        .isNotEqualTo(sent.getMDCPropertyMap().get("spanId"));
    assertThat(received.getThreadName()).isNotEqualTo(sent.getThreadName());
  }

  @Test
  void aTxRecordCarriesNoTraceContextByDefaultWhileABlockRecordDoes() {
    Tx tx = random.tx();
    BlockProposal block = random.blockProposal(1, true);
    ValidatorLog log = validator.getBean(ValidatorLog.class);
    ObservationRegistry observations = proposer.getBean(ObservationRegistry.class);
    GossipPublisher publisher = proposer.getBean(GossipPublisher.class);

    Observation.createNotStarted("slotstream.test.submit", observations)
        .observe(
            () -> {
              publisher.publishTx(tx).join();
              publisher.publishBlockProposal(block).join();
            });

    ConsumerRecord<byte[], Tx> record =
        await()
            .atMost(TIMEOUT)
            .until(
                () -> log.txs.stream().filter(r -> r.value().equals(tx)).findFirst(),
                Optional::isPresent)
            .get();
    assertThat(record.headers().lastHeader("traceparent")).isNull();
    Header origin = record.headers().lastHeader(GossipHeaders.ORIGIN_NODE);
    assertThat(new String(origin.value(), StandardCharsets.UTF_8)).isEqualTo("trace-proposer");
    RecordingListeners received = validator.getBean(RecordingListeners.class);
    ConsumerRecord<byte[], BlockProposal> blockRecord =
        await()
            .atMost(TIMEOUT)
            .until(
                () -> received.blocks.stream().filter(r -> r.value().equals(block)).findFirst(),
                Optional::isPresent)
            .get();
    Header traceparent = blockRecord.headers().lastHeader("traceparent");
    assertThat(traceparent).isNotNull();
    // W3C: version-traceId-spanId-flags
    assertThat(new String(traceparent.value(), StandardCharsets.UTF_8))
        .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
  }

  private static ILoggingEvent only(String logger, BlockProposal block) {
    return find(logger, block).orElseThrow();
  }

  private static Optional<ILoggingEvent> find(String logger, BlockProposal block) {
    return logged.stream()
        .filter(e -> e.getLoggerName().equals(logger))
        .filter(e -> e.getFormattedMessage().contains(block.id().toString()))
        .findFirst();
  }

  /**
   * The validator's side: logs each block proposal it receives, as ProposalGossipListener does. A
   * group of its own, beside RecordingListeners' (the node id's) on the same one-partition topics.
   */
  static class ValidatorLog {
    static final String NAME = "trace-test.validator";
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(NAME);
    final List<ConsumerRecord<byte[], Tx>> txs = new CopyOnWriteArrayList<>();

    @KafkaListener(
        id = "trace-test-block",
        groupId = "trace-validator-log",
        topics = "#{@gossipTopics.blockProposal()}",
        containerFactory = GossipListenerContainerFactory.BLOCK_PROPOSAL)
    void onBlock(BlockProposal proposal) {
      LOG.info("block proposal accepted id={}", proposal.id());
    }

    @KafkaListener(
        id = "trace-test-tx",
        groupId = "trace-validator-log",
        topics = "#{@gossipTopics.tx()}",
        containerFactory = GossipListenerContainerFactory.TX)
    void onTx(ConsumerRecord<byte[], Tx> record) {
      txs.add(record);
    }
  }
}
