package dev.slotstream.gossip.testing;

import dev.slotstream.localinfra.LocalKafka;
import dev.slotstream.localinfra.LocalRedis;
import java.io.IOException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An in-process Kafka (KRaft) broker and a real Redis for integration tests, started once per JVM
 * on first use and stopped at JVM exit, so every test class of a module shares them.
 *
 * <p>With Spring:
 *
 * <pre>{@code
 * @SpringBootTest
 * @ExtendWith(GossipTestInfrastructure.class)          // optional: starts both eagerly
 * class MyServiceIntegrationTest {
 *   @DynamicPropertySource
 *   static void infrastructure(DynamicPropertyRegistry registry) {
 *     GossipTestInfrastructure.registerKafka(registry);   // spring.kafka.bootstrap-servers
 *     GossipTestInfrastructure.registerRedis(registry);   // spring.data.redis.host/port
 *   }
 * }
 * }</pre>
 *
 * Without Spring use {@link #kafkaBootstrapServers()}, {@link #redisHost()}, {@link #redisPort()}.
 * Each accessor starts only what it needs. Give each test class its own {@code
 * slotstream.gossip.network-prefix} (and node ids) so classes sharing the broker don't read each
 * other's topics.
 *
 * <p>Redis: the binary shipped in {@code com.github.codemonstur:embedded-redis}; if it cannot start
 * here, a {@code redis-server} found on PATH, on a free port. Modules reusing this class need test
 * dependencies on {@code spring-kafka-test} and {@code embedded-redis} (test scope is not transitive).
 */
public final class GossipTestInfrastructure implements BeforeAllCallback {
  private static LocalKafka kafka;
  private static LocalRedis redis;

  /** Starts both for the annotated test class (idempotent; shared across classes). */
  @Override
  public void beforeAll(ExtensionContext context) {
    kafkaBootstrapServers();
    redisPort();
  }

  public static synchronized String kafkaBootstrapServers() {
    if (kafka == null) {
      kafka = LocalKafka.start();
      Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
    }
    return kafka.bootstrapServers();
  }

  /** The broker itself, e.g. for {@code doWithAdmin}. */
  public static synchronized EmbeddedKafkaKraftBroker kafkaBroker() {
    kafkaBootstrapServers();
    return kafka.broker();
  }

  public static String redisHost() {
    return redis().host();
  }

  public static int redisPort() {
    return redis().port();
  }

  /** Which Redis is running: "embedded-redis" or the path of the PATH binary. */
  public static String redisSource() {
    return redis().source();
  }

  public static void registerKafka(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", GossipTestInfrastructure::kafkaBootstrapServers);
  }

  public static void registerRedis(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.host", GossipTestInfrastructure::redisHost);
    registry.add("spring.data.redis.port", GossipTestInfrastructure::redisPort);
  }

  public static void registerAll(DynamicPropertyRegistry registry) {
    registerKafka(registry);
    registerRedis(registry);
  }

  private static synchronized LocalRedis redis() {
    if (redis == null) {
      redis = LocalRedis.start();
      Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "redis-stop"));
    }
    return redis;
  }

  /** One RESP PING round trip; returns the reply line, e.g. {@code +PONG}. */
  public static String ping(String host, int port) throws IOException {
    return LocalRedis.ping(host, port);
  }
}
