package dev.slotstream.gossip.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import redis.embedded.RedisServer;

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
  private static final Logger LOG = LoggerFactory.getLogger(GossipTestInfrastructure.class);
  private static final Duration REDIS_START_TIMEOUT = Duration.ofSeconds(10);

  private static EmbeddedKafkaKraftBroker kafka;
  private static RunningRedis redis;

  /** Starts both for the annotated test class (idempotent; shared across classes). */
  @Override
  public void beforeAll(ExtensionContext context) {
    kafkaBootstrapServers();
    redisPort();
  }

  public static synchronized String kafkaBootstrapServers() {
    if (kafka == null) {
      EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
      broker.brokerProperty("auto.create.topics.enable", "false");
      // New consumer groups join at once instead of after the default 3 s rebalance delay.
      broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
      broker.afterPropertiesSet();
      kafka = broker;
      Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
      LOG.info("embedded kafka started bootstrapServers={}", broker.getBrokersAsString());
    }
    return kafka.getBrokersAsString();
  }

  /** The broker itself, e.g. for {@code doWithAdmin}. */
  public static synchronized EmbeddedKafkaKraftBroker kafkaBroker() {
    kafkaBootstrapServers();
    return kafka;
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

  private static synchronized RunningRedis redis() {
    if (redis == null) {
      redis = startRedis();
      Runtime.getRuntime().addShutdownHook(new Thread(redis::stop, "redis-stop"));
      LOG.info("redis started source={} port={}", redis.source(), redis.port());
    }
    return redis;
  }

  private static RunningRedis startRedis() {
    int port = freePort();
    try {
      RedisServer server =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .build();
      server.start();
      awaitPong(port);
      return new RunningRedis("embedded-redis", port, () -> stopQuietly(server));
    } catch (IOException | RuntimeException e) {
      LOG.warn("embedded-redis failed to start ({}); trying redis-server on PATH", e.toString());
    }
    return startRedisFromPath(freePort());
  }

  private static RunningRedis startRedisFromPath(int port) {
    Path binary = findOnPath("redis-server");
    try {
      Path dir = Files.createTempDirectory("redis-test");
      Process process =
          new ProcessBuilder(
                  List.of(
                      binary.toString(),
                      "--port", Integer.toString(port),
                      "--bind", "127.0.0.1",
                      "--save", "",
                      "--appendonly", "no",
                      "--dir", dir.toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      awaitPong(port);
      return new RunningRedis(binary.toString(), port, process::destroy);
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + binary, e);
    }
  }

  private static Path findOnPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "embedded-redis did not start and no " + name + " on PATH (apt-get install redis-server)");
  }

  /** Sends PING until the server answers PONG; a process needs a moment to open its port. */
  private static void awaitPong(int port) {
    long deadline = System.nanoTime() + REDIS_START_TIMEOUT.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if ("+PONG".equals(ping("127.0.0.1", port))) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    throw new IllegalStateException("redis did not answer PING on port " + port, last);
  }

  /** One RESP PING round trip; returns the reply line, e.g. {@code +PONG}. */
  public static String ping(String host, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  private static void stopQuietly(RedisServer server) {
    try {
      server.stop();
    } catch (IOException e) {
      LOG.warn("embedded-redis stop failed", e);
    }
  }

  private record RunningRedis(String source, int port, Runnable stopper) {
    String host() {
      return "127.0.0.1";
    }

    void stop() {
      stopper.run();
    }
  }
}
