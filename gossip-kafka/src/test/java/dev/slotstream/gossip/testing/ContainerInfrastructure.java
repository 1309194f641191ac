package dev.slotstream.gossip.testing;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A Kafka broker and a Redis server in Docker containers (Testcontainers), for the tests that check
 * a pipeline against the standalone servers the deployment runs, next to the in-process ones of
 * {@link GossipTestInfrastructure} that stay the default. Each is started once per JVM on first use
 * and removed at JVM exit.
 *
 * <p>Images follow docker-compose.yml's variables: {@code KAFKA_IMAGE} / {@code REDIS_IMAGE} (from
 * the environment or a system property of the same name) if set; else the official image if the
 * engine has it; else the offline one built by {@code docker/offline/build-base-images.sh}. Nothing
 * is pulled unless a variable names an absent image (no registry is reachable on these machines).
 *
 * <p>Test classes declare {@link RequiresKafka} / {@link RequiresRedis}: without an engine or the
 * image, the class is skipped with the reason. Ryuk (Testcontainers' reaper) cannot be pulled here,
 * so modules using this class run their tests with {@code TESTCONTAINERS_RYUK_DISABLED=true} and
 * {@code TESTCONTAINERS_CHECKS_DISABLE=true} (surefire configuration); the containers are removed
 * by the shutdown hook instead.
 */
public final class ContainerInfrastructure {
  public static final String KAFKA_IMAGE = "KAFKA_IMAGE";
  public static final String REDIS_IMAGE = "REDIS_IMAGE";

  /** Per variable: the official image (compose's default), then the offline equivalent. */
  static final Map<String, List<String>> CANDIDATES =
      Map.of(
          KAFKA_IMAGE, List.of("apache/kafka:3.9.1", "slotstream-offline/kafka:3.9.2"),
          REDIS_IMAGE, List.of("redis:7", "slotstream-offline/redis:7"));

  /** The password the Redis container requires, as compose's Redis does. */
  public static final String REDIS_PASSWORD = "container-redis-secret";

  private static final int KAFKA_PORT = 9092;
  private static final int REDIS_PORT = 6379;
  private static final Duration STARTUP = Duration.ofSeconds(120);

  private static KafkaBrokerContainer kafka;
  private static GenericContainer<?> redis;

  private ContainerInfrastructure() {}

  /**
   * {@code @ExtendWith(ContainerInfrastructure.RequiresKafka.class)}: the class is skipped (reported
   * as skipped, with the reason) when no Kafka container can run here.
   */
  public static final class RequiresKafka implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return condition(KAFKA_IMAGE, context);
    }
  }

  /** As {@link RequiresKafka}, for Redis. */
  public static final class RequiresRedis implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return condition(REDIS_IMAGE, context);
    }
  }

  private static ConditionEvaluationResult condition(String variable, ExtensionContext context) {
    Optional<String> reason = unavailable(variable);
    if (reason.isEmpty()) {
      return ConditionEvaluationResult.enabled(variable + ": " + image(variable).orElseThrow());
    }
    if (context.getTestMethod().isEmpty()) {
      System.out.println(
          "container test skipped: " + context.getDisplayName() + ": " + reason.get());
    }
    return ConditionEvaluationResult.disabled("container test skipped: " + reason.get());
  }

  /** Why no container for this image variable can run, or empty if one can. */
  public static synchronized Optional<String> unavailable(String variable) {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return Optional.of(
          "no Docker engine answers"
              + (ryukDisabled()
                  ? ""
                  : " (or Testcontainers' Ryuk image could not be pulled: run with"
                      + " TESTCONTAINERS_RYUK_DISABLED=true)"));
    }
    return image(variable).isPresent()
        ? Optional.empty()
        : Optional.of(
            "image not in the engine and no registry to pull it: "
                + String.join(" or ", candidates(variable))
                + " (set "
                + variable
                + ", or build the offline images with docker/offline/build-base-images.sh)");
  }

  /** The image used for the variable, if the engine has it. */
  public static Optional<String> image(String variable) {
    return candidates(variable).stream().filter(ContainerInfrastructure::present).findFirst();
  }

  /** {@code host:port} of the Kafka container's PLAINTEXT listener, starting it if needed. */
  public static synchronized String kafkaBootstrapServers() {
    if (kafka == null) {
      KafkaBrokerContainer container = new KafkaBrokerContainer(required(KAFKA_IMAGE));
      container.start();
      stopAtExit(container, "kafka-container-stop");
      kafka = container;
    }
    return kafka.getHost() + ":" + kafka.getMappedPort(KAFKA_PORT);
  }

  public static String redisHost() {
    return redis().getHost();
  }

  public static int redisPort() {
    return redis().getMappedPort(REDIS_PORT);
  }

  /** The image the running Kafka / Redis container was started from, for reports. */
  public static synchronized String describe() {
    List<String> parts = new ArrayList<>();
    if (kafka != null) {
      parts.add("kafka=" + kafka.getDockerImageName());
    }
    if (redis != null) {
      parts.add("redis=" + redis.getDockerImageName());
    }
    return String.join(", ", parts);
  }

  private static synchronized GenericContainer<?> redis() {
    if (redis == null) {
      // No persistence: the tests need a server, not its files. The password as in compose.
      GenericContainer<?> container =
          new GenericContainer<>(DockerImageName.parse(required(REDIS_IMAGE)))
              .withExposedPorts(REDIS_PORT)
              .withCommand(
                  "redis-server",
                  "--protected-mode",
                  "no",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--requirepass",
                  REDIS_PASSWORD)
              .waitingFor(
                  Wait.forLogMessage(".*Ready to accept connections.*\\n", 1)
                      .withStartupTimeout(STARTUP));
      container.start();
      stopAtExit(container, "redis-container-stop");
      redis = container;
    }
    return redis;
  }

  private static List<String> candidates(String variable) {
    String preset = System.getProperty(variable, System.getenv(variable));
    if (preset != null && !preset.isBlank()) {
      return List.of(preset.strip());
    }
    List<String> candidates = CANDIDATES.get(variable);
    if (candidates == null) {
      throw new IllegalArgumentException("unknown image variable " + variable);
    }
    return candidates;
  }

  private static String required(String variable) {
    return image(variable)
        .orElseThrow(
            () -> new IllegalStateException(unavailable(variable).orElse("no image " + variable)));
  }

  private static boolean present(String image) {
    try {
      DockerClientFactory.instance().client().inspectImageCmd(image).exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean ryukDisabled() {
    return "true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"));
  }

  private static void stopAtExit(GenericContainer<?> container, String name) {
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, name));
  }

  /**
   * A single-node KRaft broker from {@code /opt/kafka/bin} (official and offline images alike).
   * It must advertise the port Docker mapped on the host, known only once the container exists, so
   * the container waits for its start script, which is copied in with that port.
   */
  private static final class KafkaBrokerContainer extends GenericContainer<KafkaBrokerContainer> {
    private static final String SCRIPT = "/tmp/slotstream-kafka-start.sh";

    KafkaBrokerContainer(String image) {
      super(DockerImageName.parse(image));
      withExposedPorts(KAFKA_PORT);
      withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/bin/bash"));
      withCommand(
          "-c", "while [ ! -f " + SCRIPT + " ]; do sleep 0.1; done; exec /bin/bash " + SCRIPT);
      withEnv("KAFKA_HEAP_OPTS", "-Xms128m -Xmx512m");
      // A test broker carries little: a quicker JVM start matters more than peak throughput.
      withEnv("KAFKA_JVM_PERFORMANCE_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1");
      waitingFor(Wait.forLogMessage(".*Kafka Server started.*\\n", 1).withStartupTimeout(STARTUP));
    }

    @Override
    protected void containerIsStarting(InspectContainerResponse containerInfo) {
      String advertised = getHost() + ":" + getMappedPort(KAFKA_PORT);
      // Clients use PLAINTEXT on the mapped port; the broker reaches itself on BROKER inside the
      // container. As local-infra's in-process broker: topics only from the services'
      // declarations, no rebalance delay.
      String properties =
          String.join(
              "\n",
              "node.id=1",
              "process.roles=broker,controller",
              "controller.quorum.voters=1@localhost:9093",
              "listeners=PLAINTEXT://0.0.0.0:"
                  + KAFKA_PORT
                  + ",BROKER://localhost:9095,CONTROLLER://localhost:9093",
              "advertised.listeners=PLAINTEXT://" + advertised + ",BROKER://localhost:9095",
              "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,"
                  + "CONTROLLER:PLAINTEXT",
              "controller.listener.names=CONTROLLER",
              "inter.broker.listener.name=BROKER",
              "log.dirs=/tmp/kraft-data",
              "num.partitions=1",
              "auto.create.topics.enable=false",
              "group.initial.rebalance.delay.ms=0",
              "offsets.topic.replication.factor=1",
              "transaction.state.log.replication.factor=1",
              "transaction.state.log.min.isr=1",
              "");
      String script =
          String.join(
              "\n",
              "set -e",
              "cat > /tmp/server.properties <<'PROPS'",
              properties + "PROPS",
              "KAFKA_HEAP_OPTS=-Xmx128m /opt/kafka/bin/kafka-storage.sh format -t"
                  + " IHI7H4fzS321hnQAHb6Nww -c /tmp/server.properties",
              "exec /opt/kafka/bin/kafka-server-start.sh /tmp/server.properties",
              "");
      copyFileToContainer(Transferable.of(script, 0755), SCRIPT);
    }
  }
}
