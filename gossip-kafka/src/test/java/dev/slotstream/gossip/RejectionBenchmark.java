package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.testing.RandomData;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * How fast a node rejects junk gossip and what delay the valid records queued behind it see. Not a
 * test: its name keeps it out of {@code verify}; run it explicitly (see docs/BENCHMARKS.md):
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl gossip-kafka -am verify -Dtest=RejectionBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.junk=200 -Dbench.valid=5 -Dbench.rounds=5]
 * </pre>
 *
 * <p>Each round produces {@code junk} undecodable 100-byte records on {@code block_proposal} with
 * {@code valid} block proposals spread evenly among them (the last one after all the junk), all in
 * one burst, then waits until the node has rejected every junk record and received every valid one.
 * Junk rejections/s = junk / (last rejection − first send); valid delay = received − the record's
 * create time. Prints the medians over the rounds and writes them to {@code
 * target/rejection-benchmark.txt}.
 */
@Tag("benchmark")
// Raw producer sends are flushed; what they did is read back on the consumer side.
@SuppressWarnings("FutureReturnValueIgnored")
class RejectionBenchmark {
  private static final int JUNK = Integer.getInteger("bench.junk", 200);
  private static final int VALID = Integer.getInteger("bench.valid", 5);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  private static final Duration ROUND_LIMIT = Duration.ofMinutes(10);

  @Test
  void measureJunkRejectionRateAndValidDelay() throws Exception {
    String prefix = "bench-reject-" + System.currentTimeMillis();
    RandomData random = new RandomData(2026);
    try (ConfigurableApplicationContext node = startNode(prefix);
        KafkaProducer<byte[], byte[]> producer = rawProducer()) {
      GossipTopics topics = node.getBean(GossipTopics.class);
      GossipRejections rejections = node.getBean(GossipRejections.class);
      BlockListener listener = node.getBean(BlockListener.class);
      String topic = topics.blockProposal();
      warmUp(producer, topic, random, listener);

      List<Double> rates = new ArrayList<>();
      List<Double> medianDelays = new ArrayList<>();
      List<Double> lastDelays = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        double before = rejections.rejectedCount(topic, RejectReason.DECODE);
        List<BlockProposal> valid = new ArrayList<>();
        int spacing = Math.max(1, JUNK / VALID);
        long firstSend = System.currentTimeMillis();
        for (int i = 1; i <= JUNK; i++) {
          producer.send(new ProducerRecord<>(topic, random.bytes(8), random.bytes(100)));
          if (i % spacing == 0 && valid.size() < VALID) {
            BlockProposal proposal = random.blockProposal(1, false);
            valid.add(proposal);
            producer.send(new ProducerRecord<>(topic, random.bytes(8), proposal.encode()));
          }
        }
        producer.flush();
        long lastRejection = awaitRejections(rejections, topic, before + JUNK);
        Map<BlockProposal, Long> delays = listener.awaitDelays(valid);
        rates.add(JUNK * 1000.0 / Math.max(1, lastRejection - firstSend));
        List<Long> sorted = delays.values().stream().sorted().toList();
        medianDelays.add((double) sorted.get(sorted.size() / 2));
        lastDelays.add((double) delays.get(valid.get(valid.size() - 1)));
      }
      String report =
          String.format(
              "RejectionBenchmark junk=%d valid=%d rounds=%d: junk rejections/s median %.0f"
                  + " (rounds %s); valid-record delay median of round medians %.0f ms, last valid"
                  + " record median %.0f ms (rounds %s)%n",
              JUNK,
              VALID,
              ROUNDS,
              median(rates),
              rates.stream().map(r -> String.format("%.0f", r)).toList(),
              median(medianDelays),
              median(lastDelays),
              lastDelays.stream().map(d -> String.format("%.0f", d)).toList());
      System.out.print(report);
      write(report);
      assertThat(rates).hasSize(ROUNDS);
    }
  }

  private static void warmUp(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      RandomData random,
      BlockListener listener) {
    BlockProposal proposal = random.blockProposal(1, false);
    producer.send(new ProducerRecord<>(topic, random.bytes(8), proposal.encode()));
    producer.flush();
    listener.awaitDelays(List.of(proposal));
  }

  private static long awaitRejections(GossipRejections rejections, String topic, double target) {
    long deadline = System.currentTimeMillis() + ROUND_LIMIT.toMillis();
    while (rejections.rejectedCount(topic, RejectReason.DECODE) < target) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            "only "
                + rejections.rejectedCount(topic, RejectReason.DECODE)
                + " of "
                + target
                + " rejected");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(200_000);
    }
    return System.currentTimeMillis();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static void write(String report) throws IOException {
    Path out = Path.of("target", "rejection-benchmark.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(
        out,
        report,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  private static ConfigurableApplicationContext startNode(String prefix) {
    return new SpringApplicationBuilder(BenchmarkNode.class)
        .web(WebApplicationType.NONE)
        .properties(
            "spring.kafka.bootstrap-servers=" + GossipTestInfrastructure.kafkaBootstrapServers(),
            "slotstream.gossip.network-prefix=" + prefix,
            "slotstream.gossip.node-id=bench-node",
            "slotstream.gossip.auto-offset-reset=earliest",
            "logging.level.dev.slotstream.gossip.GossipRejections=ERROR")
        .run();
  }

  private static KafkaProducer<byte[], byte[]> rawProducer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            GossipTestInfrastructure.kafkaBootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  /** A node with one block-proposal listener that notes when each proposal arrived. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class BenchmarkNode {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    BlockListener blockListener() {
      return new BlockListener();
    }
  }

  static class BlockListener {
    private final Map<BlockProposal, Long> delayMillis = new ConcurrentHashMap<>();

    @KafkaListener(
        topics = "#{@gossipTopics.blockProposal()}",
        containerFactory = GossipListenerContainerFactory.BLOCK_PROPOSAL)
    void onBlock(ConsumerRecord<byte[], BlockProposal> record) {
      delayMillis.put(record.value(), System.currentTimeMillis() - record.timestamp());
    }

    Map<BlockProposal, Long> awaitDelays(List<BlockProposal> proposals) {
      long deadline = System.currentTimeMillis() + ROUND_LIMIT.toMillis();
      while (!delayMillis.keySet().containsAll(proposals)) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("valid proposals not delivered");
        }
        java.util.concurrent.locks.LockSupport.parkNanos(200_000);
      }
      Map<BlockProposal, Long> delays = new java.util.HashMap<>();
      proposals.forEach(p -> delays.put(p, delayMillis.get(p)));
      return delays;
    }
  }
}
