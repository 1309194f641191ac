package dev.slotstream.devnet;

import dev.slotstream.localinfra.KafkaBrokerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor under "block broadcast → received": one Kafka hop with nothing of Slotstream in it. A
 * producer sends a record of {@code --bytes} every {@code --interval-ms} to a fresh topic and a
 * consumer in the same JVM takes record timestamp → poll time, the way the services' {@code
 * slotstream.gossip.delay} does. Point it at a running network's broker ({@code --bootstrap}, from
 * {@code bin/devnet}'s "kafka" line) to see what the broker and the machine give while the network
 * is loaded; with {@code --watch TOPIC} it only consumes, and times the records someone else sends
 * there (the proposer's block proposals, say). Without {@code --bootstrap} it starts its own broker
 * process, configured as the devnet's.
 *
 * <pre>
 * java -cp devnet/target/devnet.jar dev.slotstream.devnet.KafkaHopProbe [--bootstrap HOST:PORT]
 *     [--bytes 32000] [--count 1200] [--interval-ms 50] [--watch TOPIC --seconds 60]
 * </pre>
 *
 * Prints the median, p90, p99 and max in milliseconds (record timestamps are whole milliseconds),
 * leaving out the first quarter of the records as warm-up when it sends them itself.
 */
public final class KafkaHopProbe {
  private KafkaHopProbe() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    if (options.bootstrap == null) {
      try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(tempDir())) {
        run(options, broker.bootstrapServers());
      }
    } else {
      run(options, options.bootstrap);
    }
  }

  private static void run(Options options, String bootstrap) throws Exception {
    if (options.watch != null) {
      List<Long> delays = consume(bootstrap, options.watch, options.seconds);
      print("watched " + options.watch, delays);
      return;
    }
    String topic = "hop-probe-" + System.nanoTime();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    List<Long> delays = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    Thread consumer =
        new Thread(() -> consumeUntil(bootstrap, topic, "earliest", delays, stop), "hop-consumer");
    consumer.start();
    Thread.sleep(3_000); // the consumer joins its group before the first record
    AtomicInteger failedSends = new AtomicInteger();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      byte[] value = new byte[options.bytes];
      for (int i = 0; i < options.count; i++) {
        var unused =
            producer.send(
                new ProducerRecord<>(topic, value),
                (metadata, error) -> {
                  if (error != null) {
                    failedSends.incrementAndGet();
                  }
                });
        Thread.sleep(options.intervalMs);
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (delays.size() < options.count && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    stop.set(true);
    consumer.join();
    List<Long> measured;
    synchronized (delays) {
      measured =
          new ArrayList<>(
              delays.subList(Math.min(delays.size(), options.count / 4), delays.size()));
    }
    print(
        String.format(
            "%d records of %d bytes every %d ms (first %d left out, %d sends failed)",
            options.count, options.bytes, options.intervalMs, options.count / 4, failedSends.get()),
        measured);
  }

  private static List<Long> consume(String bootstrap, String topic, int seconds) {
    List<Long> delays = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    Thread timer =
        new Thread(
            () -> {
              try {
                Thread.sleep(seconds * 1_000L);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              stop.set(true);
            });
    timer.start();
    consumeUntil(bootstrap, topic, "latest", delays, stop);
    return new ArrayList<>(delays);
  }

  private static void consumeUntil(
      String bootstrap, String topic, String reset, List<Long> delays, AtomicBoolean stop) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "hop-probe-" + System.nanoTime(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            reset,
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
            8 * 1024 * 1024);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (!stop.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          delays.add(System.currentTimeMillis() - r.timestamp());
        }
      }
    }
  }

  /** As the gossip producer: idempotent, acks=all, no linger. */
  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            0,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            8 * 1024 * 1024);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static void print(String what, List<Long> delays) {
    if (delays.isEmpty()) {
      System.out.println(what + ": no records received");
      return;
    }
    System.out.printf(
        "%s: record timestamp → received, n=%d median %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
        what,
        delays.size(),
        NetworkDevnet.percentile(delays, 0.5),
        NetworkDevnet.percentile(delays, 0.9),
        NetworkDevnet.percentile(delays, 0.99),
        Collections.max(delays));
  }

  private static java.nio.file.Path tempDir() {
    try {
      return Files.createTempDirectory("kafka-hop-probe");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Options(
      String bootstrap, int bytes, int count, int intervalMs, String watch, int seconds) {
    static Options parse(String[] args) {
      String bootstrap = null;
      String watch = null;
      int bytes = 32_000;
      int count = 1_200;
      int intervalMs = 50;
      int seconds = 60;
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--bootstrap" -> bootstrap = required(args[i], value);
          case "--watch" -> watch = required(args[i], value);
          case "--bytes" -> bytes = positive(args[i], value);
          case "--count" -> count = positive(args[i], value);
          case "--interval-ms" -> intervalMs = positive(args[i], value);
          case "--seconds" -> seconds = positive(args[i], value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
        i++;
      }
      if (watch != null && bootstrap == null) {
        throw new IllegalArgumentException(
            "--watch needs --bootstrap (a running network's broker)");
      }
      return new Options(bootstrap, bytes, count, intervalMs, watch, seconds);
    }

    private static String required(String option, String value) {
      if (value == null) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return value;
    }

    private static int positive(String option, String value) {
      try {
        int n = Integer.parseInt(required(option, value));
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(option + " must be a positive integer, got " + value);
    }
  }
}
